"""Word segmentation (jieba) against character bigrams, for Chinese search.

    .venv/bin/python bench/segmentation.py

Builds an in-memory inverted index of the seed policy's sentences (in
Traditional characters, as written) and of generated records in Simplified,
with each method, and asks every Chinese substring of 2–6 characters that
occurs in the records — in Simplified, as staff type — plus one-character
queries. It prints recall (records containing the text that are found),
precision (records found that contain the text), the extra memory and start-up
time of each method. The figures are written into docs/search.md.
"""

import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.search import segment  # noqa: E402

POLICY = ROOT / "home" / "demo_data" / "policy-zh-hant.md"  # the repository's copy
HAN = re.compile(r"[\u4e00-\u9fff]+")


def records():
    text = POLICY.read_text(encoding="utf-8")
    sentences = [s.strip("#（）() 0123456789.、") for s in re.split(r"[。\n]", text) if len(s.strip()) > 6]
    generated = [
        f"{dept}{kind}：关于{topic}的{doc}，请{person}于{day}日前完成{task}。"
        for dept, kind, topic, doc, person, day, task in zip(
            *[
                random.Random(seed).choices(options, k=400)
                for seed, options in enumerate(
                    [
                        ["行政办公室", "财务部", "技术研发部", "市场营销部", "档案室"],
                        ["通知", "会议纪要", "工作周报", "项目报告", "合同"],
                        ["全程留痕管理", "档案借阅", "供应商评估", "客户回访", "季度总结"],
                        ["实施方案", "审批意见", "验收报告", "整改措施", "传阅记录"],
                        ["张伟", "王芳", "李娜", "刘洋", "陈静"],
                        ["五", "十", "十五", "二十", "三十"],
                        ["归档", "签字确认", "阅读确认", "提交审批", "整改反馈"],
                    ]
                )
            ],
            strict=True,
        )
    ]
    return sentences + generated


class BigramIndex:
    def __init__(self, docs):
        self.postings = defaultdict(set)
        self.positions = {}
        for number, doc in enumerate(docs):
            toks = segment.tokens(doc)
            self.positions[number] = toks
            for tok in toks:
                self.postings[tok].add(number)

    def search(self, query):
        result = None
        for kind, text in segment.query_terms(query):
            parts = text.split()
            found = set.intersection(*(self.postings.get(p, set()) for p in parts))
            if kind == "phrase":
                found = {d for d in found if _adjacent(self.positions[d], parts)}
            result = found if result is None else result & found
        return result or set()


def _adjacent(tokens, parts):
    n = len(parts)
    return any(tokens[i : i + n] == parts for i in range(len(tokens) - n + 1))


class JiebaIndex:
    def __init__(self, docs, jieba):
        self.jieba = jieba
        self.postings = defaultdict(set)
        for number, doc in enumerate(docs):
            for tok in jieba.cut_for_search(segment.normalize(doc)):
                self.postings[tok].add(number)

    def search(self, query):
        result = None
        for tok in self.jieba.cut_for_search(segment.normalize(query)):
            if not tok.strip():
                continue
            found = self.postings.get(tok, set())
            result = found if result is None else result & found
        return result or set()


def _resident_growth(code):
    """MB of resident memory a fresh interpreter gains by running ``code``
    (read from /proc: ru_maxrss would carry this process's peak over exec)."""
    import subprocess

    statements = code.replace("; ", "\n")
    probe = (
        f"import os, sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "rss = lambda: int(open('/proc/self/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE')\n"
        f"before = rss()\n{statements}\nprint((rss() - before) / 1e6)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def queries(docs, count=3000):
    rng = random.Random(2026)
    chosen = set()
    while len(chosen) < count:
        doc = segment.normalize(rng.choice(docs))
        runs = HAN.findall(doc)
        if not runs:
            continue
        run = rng.choice(runs)
        length = rng.randint(1, min(6, len(run)))
        start = rng.randint(0, len(run) - length)
        chosen.add(run[start : start + length])
    return sorted(chosen)


def measure(name, index, docs, asked):
    normalized = [segment.normalize(d) for d in docs]
    found_total = relevant_total = correct = 0
    started = time.perf_counter()
    for query in asked:
        relevant = {n for n, d in enumerate(normalized) if query in d}
        found = index.search(query)
        relevant_total += len(relevant)
        found_total += len(found)
        correct += len(found & relevant)
    per_query = (time.perf_counter() - started) / len(asked) * 1000
    recall = correct / relevant_total * 100
    precision = correct / found_total * 100 if found_total else 100
    print(
        f"  {name:<8} recall {recall:6.2f} %   precision {precision:6.2f} %   ({per_query:.2f} ms/query incl. scan)"
    )
    return recall, precision


def main():
    docs = records()
    asked = queries(docs)
    print(f"{len(docs)} records, {len(asked)} distinct queries (1–6 characters, every one occurs somewhere)")

    segment._to_simplified.cache_clear()
    started = time.perf_counter()
    segment.normalize("檔")
    bigram_load = time.perf_counter() - started
    bigram_memory = _resident_growth("from portal.search import segment; segment.normalize('檔')")
    bigram = BigramIndex(docs)

    import jieba

    jieba.setLogLevel(60)
    started = time.perf_counter()
    jieba.initialize()
    jieba_load = time.perf_counter() - started
    jieba_memory = _resident_growth("import jieba; jieba.setLogLevel(60); jieba.initialize()")
    words = JiebaIndex(docs, jieba)

    print("start-up:")
    print(
        f"  bigrams  {bigram_load * 1000:.0f} ms to load the Traditional→Simplified table, {bigram_memory:.1f} MB of resident memory"
    )
    print(
        f"  jieba    {jieba_load * 1000:.0f} ms to load its dictionary, {jieba_memory:.0f} MB of resident memory"
    )
    print("all queries:")
    measure("bigrams", bigram, docs, asked)
    measure("jieba", words, docs, asked)
    multi = [q for q in asked if len(q) > 1]
    print(f"queries of 2+ characters ({len(multi)}):")
    measure("bigrams", bigram, docs, multi)
    measure("jieba", words, docs, multi)


if __name__ == "__main__":
    main()
