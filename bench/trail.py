"""Trail benchmark: concurrent writers, request cost, verification speed.

    .venv/bin/python bench/trail.py                       # PostgreSQL on 127.0.0.1
    .venv/bin/python bench/trail.py --sqlite              # the embedded default
    .venv/bin/python bench/trail.py --verify-events 1000000 --writers 8 --per-writer 2500

Creates a throw-away database, migrates it, and prints:
  * events/s sealed with N processes recording concurrently: events on their
    own (as views and sign-ins record them), and 1, 4 or 16 events in each
    business transaction; sealed by the background sealers, one at a time;
  * the p50/p95 time one ``trail.record`` adds to a request's transaction;
  * verification speed of the chain (hashes, Merkle roots, signatures) and of
    the full ``trail verify`` (plus column and source-row checks).
"""

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepare_database(args):
    if args.sqlite:
        path = Path(tempfile.mkdtemp(prefix="liuhen-bench-")) / "bench.sqlite3"
        url = f"sqlite:///{path}"
    else:
        name = f"liuhen_bench_{int(time.time())}"
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True
        )
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        TRAIL_SEAL_MODE=os.environ.get("TRAIL_SEAL_MODE", "background"),
        LIUHEN_DATA_DIR=tempfile.mkdtemp(prefix="liuhen-bench-data-"),
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    return url


def setup_django():
    import django

    django.setup()


# --- 1. Concurrent writers -----------------------------------------------------


def writer(name, transactions, per_transaction, barrier, results):
    """``per_transaction`` events in each business transaction; 0: each event
    on its own, as a page view or a sign-in records it (no business write);
    -1: no event, one plain row in each transaction (what the machine does
    without the trail)."""
    setup_django()
    from contextlib import nullcontext

    from django.db import connection, transaction

    from portal import trail

    block = transaction.atomic if per_transaction else nullcontext
    barrier.wait()
    if per_transaction < 0:  # the baseline: the same transactions, a plain row instead of an event
        with connection.cursor() as cursor:
            for number in range(transactions):
                with transaction.atomic():
                    cursor.execute(
                        "INSERT INTO bench_baseline (body) VALUES (%s)",
                        [f"{name} {number} 会议纪要已归档" * 8],
                    )
        results.put(time.perf_counter())
        connection.close()
        return
    for number in range(transactions):
        with block():
            for item in range(max(per_transaction, 1)):
                trail.record(
                    "bench.write", details={"writer": name, "n": number, "i": item, "text": "会议纪要已归档"}
                )
    results.put(time.perf_counter())
    connection.close()


def bench_writers(args, per_transaction):
    from portal.trail.models import Event, PendingEvent, Seal
    from portal.trail.sealing import seal

    if per_transaction < 0:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, body text)")
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(args.writers + 1), ctx.Queue()
    transactions = args.events_per_writer // max(per_transaction, 1)
    processes = [
        ctx.Process(target=writer, args=(f"w{n}", transactions, per_transaction, barrier, results))
        for n in range(args.writers)
    ]
    for process in processes:
        process.start()
    before = Event.objects.count()
    barrier.wait()
    started = time.perf_counter()
    finished = max(results.get() for _ in processes)
    # Whatever the writers' sealers had not sealed yet, sealed now.
    seal()
    sealed_at = time.perf_counter()
    for process in processes:
        process.join()
    total = args.writers * transactions * max(per_transaction, 1)
    if per_transaction < 0:
        print(
            f"  baseline, no event, one plain row per transaction: {total} transactions in "
            f"{finished - started:.2f} s ({total / (finished - started):,.0f} transactions/s)"
        )
        for process in processes:
            process.join()
        return
    assert Event.objects.count() - before == total, "events lost"
    assert not PendingEvent.objects.exists()
    last = Seal.objects.order_by("-seq").values_list("seq", flat=True).first()
    assert last == Seal.objects.count() == Event.objects.count(), "sequence has gaps"
    kind = f"{per_transaction:>2} event(s) per transaction" if per_transaction else "each event on its own"
    print(
        f"  {kind}: {total} events written in {finished - started:.2f} s "
        f"({total / (finished - started):,.0f} events/s), all sealed after {sealed_at - started:.2f} s "
        f"→ {total / (sealed_at - started):,.0f} events/s"
    )


# --- 2. What one record adds to a request ------------------------------------------


def bench_request_cost(args):
    from django.db import transaction

    from portal import trail
    from portal.accounts.models import Department

    department, _ = Department.objects.get_or_create(code="B", defaults={"name": "基准测试部"})
    samples = {"without": [], "with": []}
    for round_number in range(args.request_samples):
        for label in ("without", "with"):
            started = time.perf_counter()
            with transaction.atomic():
                Department.objects.filter(pk=department.pk).update(sort_order=round_number)
                if label == "with":
                    trail.record("bench.request", target=department, details={"n": round_number})
            samples[label].append(time.perf_counter() - started)
    added = [w - o for w, o in zip(samples["with"], samples["without"], strict=True)]
    p = statistics.quantiles(added, n=100)
    print(f"request cost: one trail.record in a business transaction ({args.request_samples} samples)")
    print(
        f"  business write alone p50 {statistics.median(samples['without']) * 1000:.2f} ms; "
        f"added by the event p50 {statistics.median(added) * 1000:.2f} ms, p95 {p[94] * 1000:.2f} ms"
    )


# --- 3. Verification speed ---------------------------------------------------------


def load_sealed_events(count):
    """Append ``count`` sealed events in bulk (consistent rows and seals)."""
    from django.db import connection
    from django.utils import timezone

    from portal.trail import chain, signing
    from portal.trail.sealing import head, seal

    seal()
    with connection.cursor() as cursor:
        seq, prev = head(cursor)
        cursor.execute("SELECT coalesce(max(id), 0) FROM trail_event")
        event_id = cursor.fetchone()[0]
    at = timezone.now()
    events, seals = [], []
    for _ in range(count):
        seq += 1
        event_id += 1
        label = f"全程留痕管理制度第{seq}号"
        target = {"type": "home.policypage", "id": str(seq % 5000), "label": label}
        body = chain.canonical_json(
            {
                "v": 1, "at": at.isoformat(), "action": "bench.load", "actor": None, "ip": None, "target": target,
                "department": None, "details": {"comment": "同意", "n": seq}, "source": None,
            }
        )  # fmt: skip
        prev = chain.event_hash(prev, seq, body)
        events.append((event_id, at, "", "bench.load", "home.policypage", target["id"], label, "", "", ""))
        seals.append([seq, event_id, body, prev.hex(), ""])
    seals[-1][4] = signing.sign(chain.head_message(seq, prev.hex()))
    event_columns = "id, at, actor_label, action, target_type, target_id, target_label, source_type, source_id, source_digest"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY trail_event ({event_columns}) FROM STDIN") as copy:
                for row in events:
                    copy.write_row(row)
            with cursor.cursor.copy(
                "COPY trail_seal (seq, event_id, body, hash, signature) FROM STDIN"
            ) as copy:
                for row in seals:
                    copy.write_row(row)
            cursor.execute("SELECT setval('trail_event_id_seq', %s)", [event_id])
        else:
            cursor.executemany(
                f"INSERT INTO trail_event ({event_columns}) VALUES ({', '.join(['%s'] * 10)})", events
            )
            cursor.executemany("INSERT INTO trail_seal VALUES (%s, %s, %s, %s, %s)", seals)


def bench_verification(args):
    from portal.trail.checkpoints import create_checkpoint
    from portal.trail.models import Seal

    started = time.perf_counter()
    load_sealed_events(args.verify_events)
    print(f"verification: {args.verify_events:,} events loaded in {time.perf_counter() - started:.1f} s")
    create_checkpoint()
    total = Seal.objects.count()
    # In a fresh process, as `manage.py trail verify` runs: this one has
    # background sealer threads, beside which verification does not fork.
    probe = (
        "import time, django; django.setup(); from portal.trail import checks as v\n"
        "for name in ('check_chain', 'verify'):\n"
        "    started = time.perf_counter(); report = getattr(v, name)(); seconds = time.perf_counter() - started\n"
        "    print(name, report.ok, report.events, seconds, getattr(report, 'processes', 0))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for line in out.splitlines():
        name, ok, events, seconds, processes = line.split()
        assert ok == "True", line
        if name == "check_chain":
            label = f"chain + Merkle roots + signatures, {processes} processes"
        else:
            label = "full `trail verify` (+ columns, queue, source rows)"
        seconds = float(seconds)
        print(f"  {label}: {int(events):,} events in {seconds:.2f} s → {total / seconds:,.0f} events/s")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sqlite", action="store_true", help="benchmark the embedded SQLite default")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--events-per-writer", type=int, default=2400)
    parser.add_argument(
        "--per-transaction",
        type=int,
        nargs="+",
        default=[-1, 0, 1, 4, 16],
        help="0: events on their own; -1: the baseline without the trail",
    )
    parser.add_argument("--request-samples", type=int, default=2000)
    parser.add_argument("--verify-events", type=int, default=1_000_000)
    args = parser.parse_args()
    url = prepare_database(args)
    setup_django()
    print(f"database: {url.split('@')[-1]}  (python {sys.version.split()[0]}, {os.cpu_count()} cores)")
    print(
        f"writers: {args.writers} processes, {args.events_per_writer} events each, sealed in the background"
    )
    for per_transaction in args.per_transaction:
        bench_writers(args, per_transaction)
    bench_request_cost(args)
    bench_verification(args)


if __name__ == "__main__":
    main()
