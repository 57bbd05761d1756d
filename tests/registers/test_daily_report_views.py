"""The daily reports in the admin: the listing, a report with its lateness
and thread, the period's reports on A4, the xlsx export, the history and the
compare view — for readers only (not a colleague); the annotation from the
report's page, for the supervisor only."""

import datetime
import io
import zoneinfo

import openpyxl
import pytest
import time_machine

from portal.trail.models import Event
from registers.models import DailyReport, ReportComment
from registers.services import reports

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
URL = "/admin/registers/daily-reports/"
TEXT = {
    "work_done": "完成档案系统接口联调",
    "results": "接口全部通过测试",
    "problems": "编码不一致，统一为 UTF-8 后解决",
    "plan": "整理联调文档",
}


def at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def on_time(staff):
    with time_machine.travel(at(D(2026, 10, 9), 17), tick=False):
        return reports.submit(staff, D(2026, 10, 9), **TEXT)


@pytest.fixture
def late(staff):
    with time_machine.travel(at(D(2026, 10, 12), 21), tick=False):
        return reports.submit(staff, D(2026, 10, 12), **{**TEXT, "work_done": "迟交的一天：核对目录"})


def sheet_of(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.values)


def test_the_listing_holds_the_reports_the_user_reads_and_filters_late(
    on_time, late, staff, department_head, colleague, verified_client
):
    head = verified_client(department_head)
    body = head.get(URL).content.decode()
    assert str(on_time) in body and str(late) in body
    assert ">标题<" in body.replace(" ", "").replace("\n", ""), "every column is headed in Chinese"
    late_only = head.get(URL, {"late": "true"}).content.decode()
    assert str(late) in late_only and str(on_time) not in late_only
    period = head.get(URL, {"date_from": "2026-10-10", "date_to": "2026-10-31"}).content.decode()
    assert str(late) in period and str(on_time) not in period

    nobody = verified_client(colleague).get(URL).content.decode()
    assert str(on_time) not in nobody and str(late) not in nobody


def test_the_export_holds_what_the_user_reads(on_time, late, department_head, colleague, verified_client):
    response = verified_client(department_head).get(URL, {"export": "xlsx"})
    rows = sheet_of(response)
    assert [row[5] for row in rows[1:]].count("迟交") == 1
    assert sorted(row[6] for row in rows[1:]) == sorted([on_time.work_done, late.work_done])
    assert Event.objects.filter(action="export", actor=department_head).count() == 1
    assert sheet_of(verified_client(colleague).get(URL, {"export": "xlsx"}))[1:] == []


def test_the_report_shows_its_lateness_and_thread_to_readers_only(
    late, staff, department_head, colleague, verified_client
):
    reports.annotate(late, department_head, "请注意按时提交")
    page = verified_client(staff).get(f"{URL}inspect/{late.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "迟交的一天" in body and "请注意按时提交" in body and "daily-report-reply" in body
    assert "daily-report-annotate" not in body  # the author does not annotate
    refused = verified_client(colleague).get(f"{URL}inspect/{late.pk}/")
    assert refused.status_code in (302, 403, 404) and "迟交的一天" not in refused.content.decode()


def test_the_supervisor_annotates_from_the_report_and_nobody_else_does(
    on_time, staff, department_head, colleague, verified_client
):
    head = verified_client(department_head)
    assert "daily-report-annotate" in head.get(f"{URL}inspect/{on_time.pk}/").content.decode()
    response = head.post(f"{URL}annotate/{on_time.pk}/", {"text": "接口文档请抄送档案室"})
    assert response.status_code == 302
    on_time.refresh_from_db()
    assert on_time.state == DailyReport.State.REVIEWED and on_time.reviewed_by == department_head
    for user in (staff, colleague):
        refused = verified_client(user).post(f"{URL}annotate/{on_time.pk}/", {"text": "我也批注"})
        assert refused.status_code in (302, 403)
    assert list(ReportComment.objects.values_list("text", flat=True)) == ["接口文档请抄送档案室"]

    author = verified_client(staff)
    author.post(f"{URL}reply/{on_time.pk}/", {"text": "已抄送"})
    empty = author.post(f"{URL}reply/{on_time.pk}/", {"text": " "})
    assert empty.status_code == 200
    assert ReportComment.objects.filter(kind=ReportComment.Kind.REPLY).count() == 1


def test_a_period_prints_on_a4_for_readers_only(
    on_time, late, staff, department_head, colleague, verified_client
):
    query = {"author": staff.pk, "date_from": "2026-10-01", "date_to": "2026-10-31"}
    printed = verified_client(department_head).get(f"{URL}print-period/", query).content.decode()
    assert "完成档案系统接口联调" in printed and "迟交的一天" in printed and "2026-10-01" in printed
    assert "sheet--official" in printed  # the official header of a secret record
    assert Event.objects.filter(action="print", actor=department_head).count() == 1
    nothing = verified_client(colleague).get(f"{URL}print-period/", query).content.decode()
    assert "完成档案系统接口联调" not in nothing and "迟交的一天" not in nothing
    one = verified_client(colleague).get(f"{URL}print/{on_time.pk}/")
    assert one.status_code in (302, 403, 404)


def test_the_supervisor_compares_an_edited_report_with_the_submitted_one(
    on_time, staff, department_head, colleague, verified_client
):
    reports.edit(on_time, staff, results="接口全部通过测试，并补充了用例")
    head = verified_client(department_head)
    inspect = head.get(f"{URL}inspect/{on_time.pk}/").content.decode()
    assert f"{URL}compare/{on_time.pk}/" in inspect
    body = head.get(f"{URL}compare/{on_time.pk}/").content.decode()
    assert "<del>接口全部通过测试</del>" in body and "<ins>接口全部通过测试，并补充了用例</ins>" in body
    assert "compare__field--work_done" not in body  # unchanged fields are not listed
    assert head.get(f"{URL}history/{on_time.pk}/").status_code == 200
    refused = verified_client(colleague).get(f"{URL}compare/{on_time.pk}/")
    assert "补充了用例" not in refused.content.decode()


def test_the_administration_office_sets_company_days_beside_the_official_calendar(
    portal_setup, department, staff, verified_client
):
    from portal.accounts.factories import UserFactory
    from portal.accounts.roles import Role
    from registers import calendar
    from tests.trail_events import business_events

    office = UserFactory(roles=[Role.ADMINISTRATION_OFFICE], department=department, display_name="郑洁")
    client = verified_client(office)
    page = client.get("/admin/registers/working-days/", {"year": 2026}).content.decode()
    assert (
        "2026-10-01" in page and "国庆节" in page and "2026-10-10" in page
    )  # the holiday and the 调休 Saturday
    with business_events() as events:
        response = client.post(
            "/admin/registers/working-days/?year=2026",
            {"date": "2026-10-09", "is_working": "0", "reason": "公司年会调休"},
        )
    assert response.status_code == 302 and not calendar.is_working_day(D(2026, 10, 9))
    assert [event.action for event in events] == ["calendar.override"]
    assert "公司年会调休" in client.get("/admin/registers/working-days/", {"year": 2026}).content.decode()
    refused = client.post(
        "/admin/registers/working-days/", {"date": "2026-10-12", "is_working": "0", "reason": ""}
    )
    assert refused.status_code == 200 and "原因" in refused.content.decode()
    assert calendar.is_working_day(D(2026, 10, 12))

    assert verified_client(staff).get("/admin/registers/working-days/").status_code in (302, 403)
    verified_client(staff).post(
        "/admin/registers/working-days/", {"date": "2026-10-12", "is_working": "0", "reason": "想休息"}
    )
    assert calendar.is_working_day(D(2026, 10, 12))


def test_a_report_is_found_in_the_site_search_by_its_readers_only(
    on_time, department_head, colleague, verified_client
):
    from tests.home.test_search_records import SEARCH, hits

    found = hits(verified_client(department_head).get(SEARCH, {"q": "接口联调"}))
    assert str(on_time) in found and f"{URL}inspect/{on_time.pk}/" in found[str(on_time)]["href"]
    assert hits(verified_client(colleague).get(SEARCH, {"q": "接口联调"})) == {}
