"""Search benchmark: 10,000 pages of Chinese text, recall and speed.

    .venv/bin/python bench/search.py                  # SQLite (the embedded default)
    .venv/bin/python bench/search.py --postgres       # PostgreSQL on 127.0.0.1
    .venv/bin/python bench/search.py --pages 2000     # a quicker run

Builds a throw-away database with pages whose text comes from the seed
policy's sentences (in Traditional characters) and generated records (in
Simplified), published over eight years, builds the index with
`update_index` (on PostgreSQL, then gathers statistics as autovacuum would),
then asks substrings that occur in the pages — in Simplified, as staff type —
through the portal's search (access rule included) and prints recall,
p50/p95 query time, the index build time and the memory the search adds to
a process.
"""

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from segmentation import HAN, records  # noqa: E402


def prepare_database(args):
    if args.postgres:
        name = f"liuhen_search_{int(time.time())}"
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True
        )
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='liuhen-search-')) / 'bench.sqlite3'}"
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        TRAIL_SEAL_MODE="periodic",
        LIUHEN_DATA_DIR=tempfile.mkdtemp(prefix="liuhen-search-data-"),
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "setup_portal", "-v", "0"], cwd=ROOT, check=True, capture_output=True
    )
    return url


def page_texts(count):
    rng = random.Random(2026)
    pool = records()
    for number in range(count):
        sentences = rng.sample(pool, 4)
        yield f"{sentences[0][:24]}（第{number}号）", "".join(f"<p>{s}。</p>" for s in sentences)


def published(number):
    """Publication dates spread over eight years, so that the year facet counts."""
    return datetime.datetime(2019 + number % 8, 1 + number % 12, 1 + number % 28, 9, tzinfo=datetime.UTC)


def build_pages(count):
    from django.db import connection
    from django.test.utils import override_settings

    from home.models import HomePage, SectionPage
    from portal.access.levels import Level
    from portal.accounts.models import Department

    department, _ = Department.objects.get_or_create(code="B", defaults={"name": "基准测试部"})
    home = HomePage.objects.get()
    started = time.perf_counter()
    # Pages are made without indexing; `update_index` then builds the index alone.
    with override_settings(
        WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": "portal.search.backend", "AUTO_UPDATE": False}}
    ):
        for number, (title, intro) in enumerate(page_texts(count)):
            home.add_child(
                instance=SectionPage(
                    title=title,
                    intro=intro,
                    department=department,
                    confidentiality=Level.INTERNAL,
                    first_published_at=published(number),
                    last_published_at=published(number),
                )
            )
    print(f"pages: {count:,} created in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "update_index", "-v", "0"], cwd=ROOT, check=True, capture_output=True
    )
    print(f"index: built by update_index in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does soon after on a server with default settings
        # (the development server has it off): the planner gets statistics.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return SectionPage.objects.all()


def queries(pages, count):
    from portal.search.segment import normalize

    rng = random.Random(7)
    chosen = []
    while len(chosen) < count:
        page = rng.choice(pages)
        runs = HAN.findall(normalize(page.searchable_text()))
        run = rng.choice(runs) if runs else ""
        if len(run) < 2:
            continue
        length = rng.randint(2, min(6, len(run)))
        start = rng.randint(0, len(run) - length)
        chosen.append((run[start : start + length], page.pk))
    return chosen


def bench_queries(pages, count):
    from wagtail.models import Page

    from portal.accounts.models import User
    from portal.search.pages import search_pages

    reader, _ = User.objects.get_or_create(username="bench-reader", defaults={"display_name": "读者"})
    reader.department = pages[0].department
    reader.save()
    asked = queries(list(pages), count)
    found, times = 0, []
    for query, expected in asked:
        started = time.perf_counter()
        # What the reader waits for: the first page of results, the count, the facets.
        outcome = search_pages(reader, query, order="relevance")
        first_page = list(outcome.results[:20])
        outcome.results.count()
        times.append(time.perf_counter() - started)
        assert first_page, query
        # Recall: the page the text came from is among the matches.
        found += bool(len(Page.objects.filter(pk=expected).search(query)))
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95)]
    print(f"queries: {len(asked)} substrings of 2–6 characters taken from the pages, typed in Simplified")
    print(f"  recall {found / len(asked) * 100:.2f} %   p50 {p50 * 1000:.1f} ms   p95 {p95 * 1000:.1f} ms "
          "(first page of results, count and facets, access rule applied)")  # fmt: skip


def memory():
    code = (
        f"import os, sys, django; sys.path.insert(0, {str(ROOT)!r}); django.setup()\n"
        "rss = lambda: int(open('/proc/self/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE')\n"
        "before = rss()\nfrom portal.search import segment; segment.index_text('檔案留痕跡')\n"
        "print((rss() - before) / 1e6)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    print(f"memory: the segmenter adds {float(out.strip()):.1f} MB to a web process")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    url = prepare_database(args)
    import django

    django.setup()
    print(f"database: {url.split('@')[-1]}")
    pages = build_pages(args.pages)
    bench_queries(pages, args.queries)
    memory()


if __name__ == "__main__":
    main()
