"""Traditional characters for the readers who chose 繁體.

Records are written and stored as their authors wrote them, in Simplified
characters as a rule. A user whose language is ``zh-hant`` reads them
converted for display with OpenCC, phrase by phrase (``s2twp``, Taiwan
wording, or ``s2hk``, Hong Kong wording: ``LIUHEN_TRADITIONAL_VARIANT``).
Nothing here writes: the stored record, its revisions, its exports and the
trail keep what was written.

- ``to_display(text)`` converts a string for the reader of this request
  (the active language, which ``UserLanguageMiddleware`` sets per user);
  ``{% load script %}{{ value|to_display }}`` does the same in a template
  (mails, JSON and other output the middleware does not see).
- ``TraditionalDisplayMiddleware`` converts the HTML pages a 繁體 reader
  gets: text and ``title``/``alt``/``aria-label`` attributes, never what a
  form sends back (``<input>``, ``<textarea>``, an ``<option>`` without a
  value, editable regions), scripts, styles, other attributes, editor views,
  the trail's views, nor an element marked ``data-as-stored``.

Only runs of Chinese characters that hold a Simplified-only character are
converted, so the interface's own Traditional translations pass untouched.
See docs/scripts.md."""

import functools
import re
from pathlib import Path

import opencc
from django import template
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

TRADITIONAL = "zh-hant"
# LIUHEN_TRADITIONAL_VARIANT → OpenCC configuration.
VARIANTS = {"tw": "s2twp", "hk": "s2hk"}
# The portal's own words (../shared/GLOSSARY.md and the interface's zh_Hant
# catalogue), kept over OpenCC's regional phrases, which read as software
# vocabulary in an office: 发布 is not 釋出, 权限 not 許可權, 对象 not 物件,
# 文件 (a document) not 檔案 (the archive), 项目 not 專案.
TERMS = {
    "留痕记录": "留痕記錄",
    "台账": "台賬",
    "档案": "檔案",
    "文件": "文件",
    "文件传阅单": "文件傳閱單",
    "项目": "項目",
    "发布": "發布",
    "权限": "權限",
    "对象": "對象",
    "信息安全": "資訊安全",
    "查阅": "查閱",
    "借阅": "借閱",
    "传阅": "傳閱",
    "阅读": "閱讀",
    "会签": "會簽",
    "审批单": "審批單",
    "修改意见": "修改意見",
    "鉴定": "鑒定",
    "双因素登录": "雙因素登錄",
    "周报": "週報",
    "反馈": "反饋",
}
_TERM = re.compile("|".join(sorted(map(re.escape, TERMS), key=len, reverse=True)))
# A run of Chinese characters: OpenCC's phrases never span punctuation.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@functools.cache
def _script_only():
    """(Simplified-only, Traditional-only) characters, from OpenCC's
    Simplified → Traditional table: a character written in one script only."""
    dictionary = Path(opencc.__file__).with_name("dictionary") / "STCharacters.txt"
    sources, simplified, traditional = set(), set(), set()
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        sources.add(source)
        traditional.update(targets.split())
        if source not in targets.split():
            simplified.add(source)
    return frozenset(simplified), frozenset(traditional - sources)


def holds_simplified(text):
    return not _script_only()[0].isdisjoint(text)


def variant():
    chosen = getattr(settings, "LIUHEN_TRADITIONAL_VARIANT", "tw")
    if chosen not in VARIANTS:
        raise ImproperlyConfigured(
            f"LIUHEN_TRADITIONAL_VARIANT must be one of {', '.join(VARIANTS)}, not {chosen!r}."
        )
    return chosen


@functools.cache
def _converter(config):
    return opencc.OpenCC(config)


@functools.lru_cache(maxsize=8192)
def _convert_run(run, config):
    simplified, traditional = _script_only()
    if not traditional.isdisjoint(run) and simplified.isdisjoint(run):
        return run  # Traditional already
    converter, pieces, at = _converter(config), [], 0
    for term in _TERM.finditer(run):
        pieces += [converter.convert(run[at : term.start()]), TERMS[term.group()]]
        at = term.end()
    pieces.append(converter.convert(run[at:]))
    return "".join(pieces)


def to_traditional(text, region=None):
    """``text`` in Traditional characters with the wording of ``region``
    (``tw`` or ``hk``; the setting's by default)."""
    if not text:
        return text
    config = VARIANTS[region or variant()]
    return _HAN_RUN.sub(lambda run: _convert_run(run.group(), config), str(text))


def reads_traditional(language=None):
    return (language or translation.get_language()) == TRADITIONAL


def to_display(text, language=None):
    """``text`` as the reader reads it: converted for a 繁體 reader (the
    active language by default), as stored for everyone else."""
    return to_traditional(text) if text and reads_traditional(language) else text


# --- HTML ------------------------------------------------------------------------

_TAG = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[!?][^>]*>"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)
# Elements whose content is the page's data or code, copied as they are.
_RAW = ("script", "style", "textarea", "xmp")
_SHOWN_ATTRIBUTE = re.compile(r"""(\s(?:title|alt|aria-label)\s*=\s*)("[^"]*"|'[^']*')""", re.IGNORECASE)
_STORED_REGION = re.compile(
    r"""\s(?:data-as-stored|contenteditable(?!\s*=\s*["']?false))(?=[\s=/>]|$)""", re.IGNORECASE
)


def _marks_stored(attributes):
    lowered = attributes.lower()
    return ("contenteditable" in lowered or "data-as-stored" in lowered) and bool(
        _STORED_REGION.search(attributes)
    )


_HAS_VALUE = re.compile(r"\svalue\s*=", re.IGNORECASE)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def convert_html(html, region=None):
    """The text of an HTML document in Traditional characters; markup, form
    values, scripts and regions marked as stored are left as they are. A text
    without a Simplified-only character is left too: the interface's own
    words are Traditional already, and a text the same in both scripts is
    not worth the risk of rewording it."""

    def convert(text):
        return to_traditional(text, region) if holds_simplified(text) else text

    out, at, stored = [], 0, None  # stored: [tag, depth] of a region copied as is
    skip_text = False  # the text of an <option> without a value is its value
    for match in _TAG.finditer(html):
        if match.start() < at:
            continue  # inside a raw element already copied
        text = html[at : match.start()]
        out.append(text if stored or skip_text else convert(text))
        closing, name, attributes = match.group(1), (match.group(2) or "").lower(), match.group(3) or ""
        at = match.end()
        skip_text = False
        if not name:
            out.append(match.group())
            continue
        if name in _RAW and not closing:
            end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(html, at)
            at = end.end() if end else len(html)
            out.append(html[match.start() : at])
            continue
        if stored:
            if name == stored[0] and not attributes.rstrip().endswith("/"):
                stored[1] += -1 if closing else 1
                if stored[1] == 0:
                    stored = None
            out.append(match.group())
            continue
        if not closing and _marks_stored(attributes) and name not in _VOID:
            stored = [name, 1]
            out.append(match.group())
            continue
        skip_text = name == "option" and not closing and not _HAS_VALUE.search(attributes)
        tag = match.group()
        out.append(
            tag
            if closing or attributes.isascii()
            else _SHOWN_ATTRIBUTE.sub(lambda a: a.group(1) + convert(a.group(2)), tag)
        )
    out.append(html[at:] if stored or skip_text else convert(html[at:]))
    return "".join(out)


# Views that edit a record: their forms show and send back what is stored.
EDITOR_VIEWS = {"add", "create", "edit", "copy", "revisions_revert", "wagtailadmin_account"}
# Views that show the record as written: the trail's events and sealed bodies.
STORED_NAMESPACES = {"trail"}


def shows_as_stored(request):
    """Whether this request's page shows records exactly as stored."""
    match = getattr(request, "resolver_match", None)
    return bool(
        getattr(request, "show_as_stored", False)
        or request.method not in ("GET", "HEAD")
        or (match and (match.url_name in EDITOR_VIEWS or STORED_NAMESPACES & set(match.namespaces)))
    )


class TraditionalDisplayMiddleware:
    """Converts the HTML pages of a 繁體 reader for display (module docstring).
    Runs inside ``UserLanguageMiddleware``, which sets the reader's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            reads_traditional(getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not 300 <= response.status_code < 400
            and not shows_as_stored(request)
        ):
            charset = response.charset or "utf-8"
            response.content = convert_html(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response.headers["Content-Length"] = str(len(response.content))
        return response


# --- Template filter ({% load script %}) ----------------------------------------

register = template.Library()


@register.filter(name="to_display", is_safe=True)
def to_display_filter(value):
    return to_display(value)
