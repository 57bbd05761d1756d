"""The weekly, monthly and department monthly reports in the admin, as the
daily ones: each listing holds what the user reads (not a colleague's
report), filters, a report with its texts (a monthly one with its key
figures and chart beside them), the reports shown on A4, the xlsx export
and the menu; the weekly reports to sign found in a fixed number of
queries however many wait."""

import datetime
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.trail.models import Event
from registers.services import monthly, weekly

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
WEEKLY = "/admin/registers/weekly-reports/"
MONTHLY = "/admin/registers/monthly-reports/"
DEPARTMENT = "/admin/registers/department-monthly-reports/"
WEEK_TEXT = {
    "summary": "完成档案系统接口联调",
    "problems": "编码不一致，原因是旧系统使用 GBK",
    "plan": "整理联调文档",
    "improvements": "联调前先核对编码",
}
MONTH_TEXT = {
    "goals": "完成档案数字化一期，达成率 90%",
    "progress": "接口联调完成",
    "teamwork": "与信息中心协作迁移",
    "achievements": "成绩：按期上线；不足：文档滞后",
}
FIGURES = [
    {"name": "数字化卷数", "target": "1000", "actual": "900", "unit": "卷"},
    {"name": "借阅办结", "target": "50", "actual": "62.5", "unit": "件"},
]


def at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def travel(moment):
    return time_machine.travel(moment, tick=False)


def sheet_of(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.values)


def body(client, url, query=None):
    response = client.get(url, query or {})
    assert response.status_code == 200
    return response.content.decode()


# --- Weekly reports -----------------------------------------------------------------


@pytest.fixture
def signed_week(staff, department_head):
    with travel(at(D(2026, 10, 9), 17)):
        report = weekly.submit(staff, D(2026, 10, 5), **WEEK_TEXT)
    with travel(at(D(2026, 10, 12), 9)):
        return weekly.sign(report, department_head)


@pytest.fixture
def late_week(staff):
    with travel(at(D(2026, 10, 19), 10)):  # due Friday 10-16 at 18:00
        return weekly.submit(staff, D(2026, 10, 12), **{**WEEK_TEXT, "summary": "迟交的一周：核对目录"})


def test_the_weekly_listing_holds_what_the_user_reads_and_filters(
    signed_week, late_week, department_head, colleague, verified_client
):
    head = verified_client(department_head)
    listing = body(head, WEEKLY)
    assert str(signed_week) in listing and str(late_week) in listing
    late = body(head, WEEKLY, {"late": "true"})
    assert str(late_week) in late and str(signed_week) not in late
    signed = body(head, WEEKLY, {"signed": "true"})
    assert str(signed_week) in signed and str(late_week) not in signed
    unsigned = body(head, WEEKLY, {"signed": "false"})
    assert str(late_week) in unsigned and str(signed_week) not in unsigned
    period = body(head, WEEKLY, {"week_from": "2026-10-10", "week_to": "2026-10-31"})
    assert str(late_week) in period and str(signed_week) not in period
    assert "print-period/?late=true" in late  # prints the reports shown

    nobody = body(verified_client(colleague), WEEKLY)
    assert str(signed_week) not in nobody and str(late_week) not in nobody


def test_a_weekly_report_shows_its_four_texts_and_signature_to_readers_only(
    signed_week, department_head, colleague, verified_client
):
    page = body(verified_client(department_head), f"{WEEKLY}inspect/{signed_week.pk}/")
    for text in WEEK_TEXT.values():
        assert text in page
    assert "赵敏" in page and "2026-10-12 09:00" in page  # signed by, at (Shanghai time)
    refused = verified_client(colleague).get(f"{WEEKLY}inspect/{signed_week.pk}/")
    assert refused.status_code in (302, 403, 404) and WEEK_TEXT["summary"] not in refused.content.decode()


def test_an_edited_weekly_report_is_compared_with_the_submitted_one(
    late_week, staff, department_head, verified_client
):
    weekly.edit(late_week, staff, plan="整理联调文档并归档")
    head = verified_client(department_head)
    assert f"{WEEKLY}compare/{late_week.pk}/" in body(head, f"{WEEKLY}inspect/{late_week.pk}/")
    compared = body(head, f"{WEEKLY}compare/{late_week.pk}/")
    assert "<del>整理联调文档</del>" in compared and "<ins>整理联调文档并归档</ins>" in compared


def test_a_person_s_weeks_print_on_a4_and_export_for_readers_only(
    signed_week, late_week, staff, department_head, colleague, verified_client
):
    query = {"author": staff.pk, "week_from": "2026-10-01", "week_to": "2026-10-31"}
    printed = body(verified_client(department_head), f"{WEEKLY}print-period/", query)
    assert WEEK_TEXT["summary"] in printed and "迟交的一周" in printed and "联调前先核对编码" in printed
    assert "签字人" in printed and "赵敏 (2026-10-12 09:00)" in printed
    assert "sheet--official" in printed and "2026-10-01" in printed
    assert Event.objects.filter(action="print", actor=department_head).count() == 1
    nothing = body(verified_client(colleague), f"{WEEKLY}print-period/", query)
    assert WEEK_TEXT["summary"] not in nothing

    rows = sheet_of(verified_client(department_head).get(WEEKLY, {"export": "xlsx"}))
    heading, *reports = rows
    assert heading[:3] == ("作者", "部门", "周次（周一）") and "改进措施" in heading
    summaries = {row[heading.index("本周总结")]: row for row in reports}
    assert set(summaries) == {WEEK_TEXT["summary"], late_week.summary}
    assert summaries[late_week.summary][heading.index("是否迟交")] == "迟交"
    assert summaries[WEEK_TEXT["summary"]][heading.index("签字人")] == "赵敏"
    assert sheet_of(verified_client(colleague).get(WEEKLY, {"export": "xlsx"}))[1:] == []


# --- Monthly reports ------------------------------------------------------------------


@pytest.fixture
def month_report(staff):
    with travel(at(D(2026, 10, 30), 17)):
        return monthly.submit(staff, D(2026, 10, 1), figures=FIGURES, **MONTH_TEXT)


@pytest.fixture
def late_month(colleague):
    with travel(at(D(2026, 10, 31), 9)):
        return monthly.submit(colleague, D(2026, 10, 1), **{**MONTH_TEXT, "goals": "迟交的月报"})


def test_the_monthly_listing_holds_what_the_user_reads_and_filters(
    month_report, late_month, department_head, colleague, verified_client
):
    head = verified_client(department_head)
    assert str(month_report) in body(head, MONTHLY) and str(late_month) in body(head, MONTHLY)
    late = body(head, MONTHLY, {"late": "true"})
    assert str(late_month) in late and str(month_report) not in late
    by_author = body(head, MONTHLY, {"author": month_report.author_id})
    assert str(month_report) in by_author and str(late_month) not in by_author
    assert str(late_month) not in body(head, MONTHLY, {"month_from": "2026-11-01"})
    own = body(verified_client(colleague), MONTHLY)  # the colleague reads their own report only
    assert str(late_month) in own and str(month_report) not in own


def test_a_monthly_report_shows_its_figures_and_chart_beside_the_text(
    month_report, department_head, colleague, verified_client
):
    page = body(verified_client(department_head), f"{MONTHLY}inspect/{month_report.pk}/")
    assert "work-report--with-figures" in page and '<svg xmlns="http://www.w3.org/2000/svg"' in page
    text, figures = page.split('class="work-report__text"')[1].split('class="work-report__figures"')
    assert MONTH_TEXT["goals"] in text and "数字化卷数" in figures and "62.5" in figures
    assert 'data-figure="借阅办结" data-kind="actual" data-value="62.5"' in figures
    refused = verified_client(colleague).get(f"{MONTHLY}inspect/{month_report.pk}/")
    assert "数字化卷数" not in refused.content.decode()


def test_the_month_prints_with_its_chart_and_exports_its_figures(
    month_report, late_month, staff, department_head, colleague, verified_client
):
    head = verified_client(department_head)
    printed = body(head, f"{MONTHLY}print-period/", {"department": staff.department_id})
    assert printed.count('class="work-report work-report--with-figures"') == 1  # the late one has none
    assert (
        "迟交的月报" in printed and 'data-figure="数字化卷数" data-kind="target" data-value="1000"' in printed
    )
    assert "work_reports.css" in printed
    assert "数字化卷数" not in body(verified_client(colleague), f"{MONTHLY}print-period/")

    heading, *rows = sheet_of(head.get(MONTHLY, {"export": "xlsx"}))
    figures = {
        row[heading.index("目标及完成情况")]: row[heading.index("关键数据（目标 / 实际）")] for row in rows
    }
    assert figures[MONTH_TEXT["goals"]].splitlines() == [
        "数字化卷数：目标 1000，实际 900 卷",
        "借阅办结：目标 50，实际 62.5 件",
    ]
    assert figures["迟交的月报"] in ("", None)


# --- Department monthly reports -------------------------------------------------------


@pytest.fixture
def department_report(month_report, department_head, department, leader):
    with travel(at(D(2026, 11, 2), 9)):
        report = monthly.compose(department_head, department, D(2026, 10, 1))
        report = monthly.submit_department(report, department_head, goals="部门目标基本达成")
        return monthly.comment(report, leader, "数字化进度需加快")


def test_the_department_reports_are_listed_for_heads_and_leadership_only(
    department_report, department_head, leader, staff, colleague, verified_client
):
    for reader in (department_head, leader):
        assert str(department_report) in body(verified_client(reader), DEPARTMENT)
    for other in (staff, colleague):  # no permission on the register at all
        response = verified_client(other).get(DEPARTMENT)
        assert str(department_report) not in response.content.decode()
    head = verified_client(department_head)
    assert str(department_report) in body(head, DEPARTMENT, {"state": "commented"})
    assert str(department_report) not in body(head, DEPARTMENT, {"state": "draft"})


def test_another_department_s_head_does_not_read_it(department_report, other_department, verified_client):
    stranger = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=other_department, display_name="钱峰")
    other_department.heads.add(stranger)
    assert str(department_report) not in body(verified_client(stranger), DEPARTMENT)
    refused = verified_client(stranger).get(f"{DEPARTMENT}inspect/{department_report.pk}/")
    assert "数字化进度需加快" not in refused.content.decode()


def test_a_department_report_shows_its_chart_and_the_leadership_s_comment(
    department_report, leader, verified_client
):
    page = body(verified_client(leader), f"{DEPARTMENT}inspect/{department_report.pk}/")
    assert "部门目标基本达成" in page and "数字化进度需加快" in page and "王建国" in page
    assert "work-report--with-figures" in page
    assert 'data-figure="数字化卷数" data-kind="actual" data-value="900"' in page


def test_a_department_report_prints_and_exports(department_report, department_head, verified_client):
    head = verified_client(department_head)
    printed = body(head, f"{DEPARTMENT}print-period/", {"month_from": "2026-10-01", "month_to": "2026-10-31"})
    assert "部门目标基本达成" in printed and "数字化进度需加快" in printed and "<svg" in printed
    assert "王建国 (2026-11-02 09:00)" in printed
    heading, *rows = sheet_of(head.get(DEPARTMENT, {"export": "xlsx"}))
    assert len(rows) == 1
    row = dict(zip(heading, rows[0], strict=True))
    assert row["领导批示"] == "数字化进度需加快" and row["批示人"] == "王建国"
    assert "数字化卷数：目标 1000，实际 900 卷" in row["关键数据（目标 / 实际）"]


# --- The menu -------------------------------------------------------------------------


def test_heads_find_the_registers_in_the_menu_and_staff_all_but_the_departments(
    department_head, staff, verified_client
):
    head_menu = body(verified_client(department_head), "/admin/")
    for url in (WEEKLY, MONTHLY, DEPARTMENT):
        assert url in head_menu
    staff_menu = body(verified_client(staff), "/admin/")
    assert WEEKLY in staff_menu and MONTHLY in staff_menu and DEPARTMENT not in staff_menu


# --- The weekly reports to sign: a fixed number of queries ----------------------------


def waiting_reports(department, count):
    people = [UserFactory(roles=[Role.STAFF], department=department) for _ in range(count)]
    with travel(at(D(2026, 10, 9), 17)):
        for person in people:
            weekly.submit(person, D(2026, 10, 5), **WEEK_TEXT)


def queries_to_sign(user):
    with CaptureQueriesContext(connection) as queries:
        found = weekly.to_sign(user)
    return len(found), len(queries)


def test_the_reports_to_sign_take_as_many_queries_for_thirty_as_for_three(department, department_head):
    waiting_reports(department, 3)
    weekly.to_sign(department_head)  # what is cached once (the user's access subject) is cached
    few, few_queries = queries_to_sign(department_head)
    waiting_reports(department, 27)
    many, many_queries = queries_to_sign(department_head)
    assert (few, many) == (3, 30)
    assert many_queries == few_queries
