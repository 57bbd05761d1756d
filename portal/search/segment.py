"""Text → search tokens, the same way for what is indexed and what is asked.

Wagtail's database backends split text on spaces and punctuation, so an
unbroken run of Chinese is one token and 留痕 never matches 全程留痕跡管理制度.
Here every run of Chinese characters becomes its overlapping character
bigrams (留痕 痕迹 …), as CJK analyzers do, followed by its single characters
(for one-character queries); other words stay words. Traditional characters
fold to Simplified, full-width forms to half-width, letters to lower case,
so 檔案 and 档案 are the same tokens. A query's Chinese runs become phrase
queries over their bigrams, so 留痕迹 matches 留痕跡 but not 留痕…痕迹 apart.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc

# Han ideographs (URO, extension A, compatibility) and the iteration mark 々.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005"
_TOKEN = re.compile(rf"[{_HAN}]+|[^\W{_HAN}]+")
_IS_HAN = re.compile(rf"[{_HAN}]")


@lru_cache(maxsize=1)
def _to_simplified():
    """A one-character-to-one-character table from OpenCC's Traditional →
    Simplified dictionary (the first candidate of each entry). Mapping single
    characters keeps positions, which highlighting needs."""
    table = {}
    dictionary = Path(opencc.__file__).with_name("dictionary") / "TSCharacters.txt"
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1:
            table[ord(source)] = target
    return table


def normalize(text):
    """Fold width, case and Traditional characters; length is preserved for
    Chinese text (full-width ASCII folds one to one too)."""
    text = unicodedata.normalize("NFKC", text or "") if not text.isascii() else text
    return text.translate(_to_simplified()).lower()


def tokens(text):
    """The index tokens of ``text``: words, Chinese bigrams, Chinese characters."""
    words, characters = [], []
    for run in _TOKEN.findall(normalize(text)):
        if _IS_HAN.match(run):
            words.extend(run[i : i + 2] for i in range(len(run) - 1))
            characters.extend(run)
        else:
            words.append(run)
    # Single characters come after every bigram, so that they never sit
    # between two bigrams a phrase query expects side by side.
    return words + characters


def index_text(text):
    """What goes into the search index instead of ``text``."""
    return " ".join(tokens(text))


def query_terms(query):
    """The query as terms: ``("phrase", "留痕 痕迹")`` for a Chinese run of
    two or more characters, ``("word", "档")`` for one character or a word."""
    terms = []
    for run in _TOKEN.findall(normalize(query)):
        if _IS_HAN.match(run) and len(run) > 1:
            terms.append(("phrase", " ".join(run[i : i + 2] for i in range(len(run) - 1))))
        else:
            terms.append(("word", run))
    return terms
