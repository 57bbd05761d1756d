"""Work reports benchmark: the department head's weekly grid over a year of
daily reports, and the department's monthly roll-up.

    .venv/bin/python bench/reports.py                 # SQLite (the embedded default)
    .venv/bin/python bench/reports.py --postgres      # PostgreSQL on 127.0.0.1 (its own database, dropped after)
    .venv/bin/python bench/reports.py --staff 50      # a quicker run

Builds a throw-away database with one department of ``--staff`` employees
(200) and its head, and a second department of 20: every employee has a
daily report for each of the last 250 working days (some late, some
missing, some annotated; 50,000 rows for 200), a weekly report for each
week and a monthly report for each of the last 12 months with 3 or 4 key
figures, written in bulk (the services are not what is measured). Then
times, over ``--runs`` runs each, and prints p50 and p95 of:

- the head's grid of a week (``registers.services.dashboard.week_grid``,
  what the dashboard page renders);
- the department's monthly roll-up: what the head's department report page
  computes from the staff's reports of a month (``monthly.staff_reports``,
  ``monthly.aggregate``, ``monthly.excerpts`` and the figures' chart,
  ``registers.charts.figures_chart``);

and the number of SQL queries each costs for 20 and for 200 staff (they
must be equal). Targets: p50 < 100 ms, p95 < 250 ms.
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
MONTHS = 12
# (name, unit, target): the key figures of a monthly report; every report
# has the first three, one in two the fourth.
FIGURES = [
    ("需求交付数", "个", 12),
    ("缺陷修复数", "个", 30),
    ("代码评审次数", "次", 20),
    ("系统可用率", "%", 99.9),
]


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


def seed_monthly(department, staff, months):
    """A submitted monthly report of each month in ``months`` for each of
    ``staff``, with 3 or 4 key figures (1 in 10 late)."""
    from decimal import Decimal

    from registers import calendar
    from registers.models import MonthlyReport, ReportFigure

    rng = random.Random(14)
    reports = []
    for person in staff:
        for month in months:
            deadline = calendar.month_deadline(month)
            at = deadline + datetime.timedelta(hours=15 if rng.random() < 0.1 else -2)
            reports.append(
                MonthlyReport(
                    author=person,
                    department=department,
                    month=month,
                    goals=f"本月目标：完成{month.month}月计划的开发任务，按期交付。已完成，交付数超过目标。",
                    progress="完成档案检索接口和日报表单；查询耗时由 800 毫秒降到 90 毫秒。",
                    teamwork="配合测试完成回归；评审同事的代码。",
                    achievements="交付按期；不足：代码评审次数偏少。",
                    state=MonthlyReport.State.SUBMITTED,
                    created_at=at,
                    submitted_at=at,
                )
            )
    MonthlyReport.objects.bulk_create(reports, batch_size=1000)
    figures = []
    for report in reports:
        for position, (name, unit, target) in enumerate(FIGURES[: 4 if rng.random() < 0.5 else 3]):
            actual = Decimal(str(target)) * Decimal(rng.randint(80, 120)) / 100
            figures.append(
                ReportFigure(
                    report=report,
                    position=position,
                    name=name,
                    unit=unit,
                    target=Decimal(str(target)).quantize(Decimal("0.01")),
                    actual=min(actual, Decimal(100)) if unit == "%" else actual.quantize(Decimal("1")),
                )
            )
    ReportFigure.objects.bulk_create(figures, batch_size=2000)
    return len(reports), len(figures)


def grid_queries(head, monday):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registers.services import dashboard

    with CaptureQueriesContext(connection) as queries:
        _days, _working, rows = dashboard.week_grid(head, monday)
    return len(queries), len(rows)


def rollup(department, month):
    """What the head's department report page computes from the staff's
    reports of ``month``: the figures summed, the texts pulled in, the chart."""
    from registers.charts import figures_chart
    from registers.services import monthly

    reports = list(monthly.staff_reports(department, month))
    figures = monthly.aggregate(reports)
    texts = monthly.excerpts(reports)
    chart = figures_chart(figures, f"{department} {month:%Y-%m}")
    return reports, figures, texts, chart


def rollup_queries(department, month):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        reports, figures, _texts, chart = rollup(department, month)
    assert figures and chart
    return len(queries), len(reports)


def bench_rollup(department, months, runs):
    """The department is loaded afresh for each run, as for each request."""
    from portal.accounts.models import Department

    times = []
    for run in range(runs):
        month = months[run % len(months)]
        department = Department.objects.get(pk=department.pk)
        started = time.perf_counter()
        rollup(department, month)
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


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
        first = today.replace(day=1)
        months = []
        for _ in range(MONTHS):
            first = (first - datetime.timedelta(days=1)).replace(day=1)
            months.insert(0, first)
        monthly_reports, figures = seed_monthly(large, large_staff, months)
        seed_monthly(small, small_staff, months[-1:])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(
            f"seeded: {len(large_staff)} employees × {len(days)} working days: {daily:,} daily reports, "
            f"{weekly:,} weekly reports, {monthly_reports:,} monthly reports with {figures:,} key figures, "
            f"in {time.perf_counter() - started:.1f} s"
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
        large_queries, large_rows = rollup_queries(large, months[-1])
        small_queries, small_rows = rollup_queries(small, months[-1])
        print(
            f"queries: the monthly roll-up of {small_rows} staff reports: {small_queries}; "
            f"of {large_rows}: {large_queries}"
        )
        assert small_queries == large_queries, "the roll-up's queries grow with the number of staff"
        p50, p95 = bench_rollup(large, months, args.runs)
        print(
            f"monthly roll-up of {large_rows} staff reports, {args.runs} runs over the last {len(months)} "
            f"months: p50 {p50 * 1000:.1f} ms   p95 {p95 * 1000:.1f} ms (target p50 < 100 ms, p95 < 250 ms)"
        )
    finally:
        if name:
            from django.db import connections

            connections.close_all()
            psql(f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    main()
