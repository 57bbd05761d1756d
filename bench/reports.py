"""Work reports benchmark: the department head's weekly grid over a year of
daily reports.

    .venv/bin/python bench/reports.py                 # SQLite (the embedded default)
    .venv/bin/python bench/reports.py --postgres      # PostgreSQL on 127.0.0.1 (its own database, dropped after)
    .venv/bin/python bench/reports.py --staff 50      # a quicker run

Builds a throw-away database with one department of ``--staff`` employees
(200) and its head, and a second department of 20: every employee has a
daily report for each of the last 250 working days (some late, some
missing, some annotated; 50,000 rows for 200) and a weekly report for each
week, written in bulk (the services are not what is measured). Then times
the head's grid of a week (``registers.services.dashboard.week_grid``, what
the dashboard page renders) over ``--runs`` runs and prints p50 and p95,
and the number of SQL queries the grid costs for 20 and for 200 staff
(they must be equal). Targets: p50 < 100 ms, p95 < 250 ms.
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

WORKING_DAYS = 250


def psql(command):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", command], check=True)


def prepare_database(args):
    if args.postgres:
        name = f"liuhen_reports_{int(time.time())}"
        psql(f"CREATE DATABASE {name}")
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        name = None
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='liuhen-reports-')) / 'bench.sqlite3'}"
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        TRAIL_SEAL_MODE="periodic",
        LIUHEN_DATA_DIR=tempfile.mkdtemp(prefix="liuhen-reports-data-"),
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "setup_portal", "-v", "0"], cwd=ROOT, check=True, capture_output=True
    )
    return url, name


def department_with_staff(code, name, size):
    from portal.accounts.models import Department, User

    department = Department.objects.create(code=code, name=name)
    head = User.objects.create(username=f"{code}-head", display_name=f"{name}负责人", department=department)
    department.heads.add(head)
    User.objects.bulk_create(
        User(username=f"{code}-{n:04d}", display_name=f"{name}员工{n:03d}", department=department)
        for n in range(size)
    )
    staff = list(User.objects.filter(department=department).exclude(pk=head.pk).order_by("pk"))
    return department, head, staff


def seed_reports(department, head, staff, days):
    """A daily report of every working day in ``days`` for each of ``staff``
    (about 1 in 20 missing, 1 in 10 late, half of the others annotated) and
    a signed weekly report for each week."""
    from registers import calendar
    from registers.models import DailyReport, WeeklyReport

    rng = random.Random(2026)
    State = DailyReport.State
    daily, weekly = [], []
    for person in staff:
        for day in days:
            roll = rng.random()
            if roll < 0.05:
                continue
            deadline = calendar.deadline_for(day)
            submitted = (
                deadline + datetime.timedelta(hours=2)
                if roll < 0.15
                else deadline - datetime.timedelta(hours=1)
            )
            reviewed = rng.random() < 0.5
            daily.append(
                DailyReport(
                    author=person,
                    department=department,
                    date=day,
                    work_done="整理档案，核对目录",
                    plan="继续归档",
                    state=State.REVIEWED if reviewed else State.SUBMITTED,
                    created_at=submitted,
                    submitted_at=submitted,
                    reviewed_by=head if reviewed else None,
                    reviewed_at=submitted + datetime.timedelta(hours=1) if reviewed else None,
                )
            )
        for week in sorted({calendar.week_of(day) for day in days}):
            at = calendar.deadline_for(week + datetime.timedelta(days=4))
            weekly.append(
                WeeklyReport(
                    author=person,
                    department=department,
                    week=week,
                    summary="本周完成档案整理",
                    state=WeeklyReport.State.SIGNED,
                    created_at=at,
                    submitted_at=at,
                    signed_by=head,
                    signed_at=at,
                )
            )
    DailyReport.objects.bulk_create(daily, batch_size=2000)
    WeeklyReport.objects.bulk_create(weekly, batch_size=2000)
    return len(daily), len(weekly)


def grid_queries(head, monday):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registers.services import dashboard

    with CaptureQueriesContext(connection) as queries:
        _days, _working, rows = dashboard.week_grid(head, monday)
    return len(queries), len(rows)


def bench_grid(head, mondays, runs):
    """The head is loaded afresh for each run, as for each request: what the
    access rule knows of them (the departments they head) is counted."""
    from portal.accounts.models import User
    from registers.services import dashboard

    times = []
    for run in range(runs):
        monday = mondays[run % len(mondays)]
        head = User.objects.get(pk=head.pk)
        started = time.perf_counter()
        dashboard.week_grid(head, monday)
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    url, name = prepare_database(args)
    try:
        import django

        django.setup()
        from django.db import connection
        from django.utils import timezone

        from registers import calendar

        print(f"database: {url.split('@')[-1]}")
        today = calendar.today()
        days = calendar.working_days(today - datetime.timedelta(days=400), today - datetime.timedelta(days=1))
        days = days[-WORKING_DAYS:]
        started = time.perf_counter()
        large, large_head, large_staff = department_with_staff("BL", "基准大部门", args.staff)
        small, small_head, small_staff = department_with_staff("BS", "基准小部门", 20)
        daily, weekly = seed_reports(large, large_head, large_staff, days)
        seed_reports(small, small_head, small_staff, days[-10:])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(
            f"seeded: {len(large_staff)} employees × {len(days)} working days: {daily:,} daily reports, "
            f"{weekly:,} weekly reports, in {time.perf_counter() - started:.1f} s"
        )
        mondays = sorted({calendar.week_of(day) for day in days})[-12:]
        large_queries, large_rows = grid_queries(large_head, mondays[-1])
        small_queries, small_rows = grid_queries(small_head, mondays[-1])
        print(
            f"queries: the grid of {small_rows} staff: {small_queries}; of {large_rows} staff: {large_queries}"
        )
        assert small_queries == large_queries, "the grid's queries grow with the number of staff"
        p50, p95 = bench_grid(large_head, mondays, args.runs)
        print(
            f"grid of {large_rows} staff × 7 days, {args.runs} runs over the last {len(mondays)} weeks "
            f"(at {timezone.localtime():%Y-%m-%d %H:%M}): p50 {p50 * 1000:.1f} ms   p95 {p95 * 1000:.1f} ms "
            "(target p50 < 100 ms, p95 < 250 ms)"
        )
    finally:
        if name:
            from django.db import connections

            connections.close_all()
            psql(f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    main()
