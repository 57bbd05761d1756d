import csv
import io
from datetime import datetime, timedelta

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from home.factories import SectionPageFactory
from portal import trail
from portal.trail.models import Event
from portal.trail.sealing import seal

pytestmark = pytest.mark.django_db

INDEX = reverse("trail:index")


@pytest.fixture
def events(department, other_department, staff, department_head):
    trail.record("test.first", actor=staff, target=department, details={"note": "第一条"})
    trail.record("test.second", actor=department_head, target=other_department)
    seal()
    return Event.objects.filter(action__startswith="test.").order_by("seal__seq")


@pytest.mark.parametrize("role", ["leader", "archivist", "auditor"])
def test_trail_menu_is_for_auditors_archivists_and_leadership(role, request, verified_client, events):
    client = verified_client(request.getfixturevalue(role))
    dashboard = client.get("/admin/").content.decode()
    assert f'"{INDEX}"' in dashboard or f"{INDEX}" in dashboard
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "第一条" not in response.content.decode()  # details only on the event page
    assert events[0].target_label in response.content.decode()


@pytest.mark.parametrize("role", ["staff", "department_head", "it_user"])
def test_trail_is_refused_to_everyone_else(role, request, verified_client, events):
    client = verified_client(request.getfixturevalue(role))
    assert INDEX not in client.get("/admin/").content.decode()
    response = client.get(INDEX)
    assert response.status_code == 302
    refusal = Event.objects.filter(action="request.refused").latest("id")
    assert refusal.details["path"] == INDEX


def listed(response):
    """The rows of the listing table, as text."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(row.get_text(" ").split()) for row in soup.select("table tbody tr")]


def test_filters_narrow_the_listing(
    leader, verified_client, events, staff, department_head, other_department
):
    client = verified_client(leader)
    rows = listed(client.get(INDEX, {"action": "test.second"}))
    assert len(rows) == 1 and "财务部" in rows[0] and "赵敏" in rows[0]
    rows = listed(client.get(INDEX, {"actor": staff.pk}))
    assert rows and all("孙丽" in row for row in rows)
    rows = listed(client.get(INDEX, {"department": other_department.pk}))
    assert len([row for row in rows if "test.second" in row]) == 1
    assert all("财务部" in row and "行政办公室" not in row for row in rows)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert listed(client.get(INDEX, {"at_from": tomorrow})) == []


def test_looking_at_the_trail_is_itself_an_event(leader, verified_client, events):
    client = verified_client(leader)
    client.get(INDEX, {"action": "test.first"})
    view = Event.objects.filter(action="trail.view", actor=leader).latest("id")
    assert view.details == {"filters": {"action": "test.first"}}
    response = client.get(reverse("trail:inspect", args=[events[0].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "第一条" in html and events[0].hash in html
    assert Event.objects.filter(action="trail.view", target_id=str(events[0].pk)).exists()


def test_csv_export_has_a_bom_chinese_headings_and_local_time(leader, verified_client, events):
    response = verified_client(leader).get(INDEX, {"export": "csv", "action": "test.first"})
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["序号", "时间", "操作人"]
    assert len(rows) == 2
    local = timezone.localtime(events[0].at).strftime("%Y-%m-%d %H:%M:%S")
    assert rows[1][1] == local
    exported = Event.objects.get(action="export", actor=leader)
    assert exported.details["format"] == "csv" and exported.details["rows"] == 1


def test_xlsx_export_opens_with_local_times(leader, verified_client, events):
    response = verified_client(leader).get(INDEX, {"export": "xlsx", "action": "test.second"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][0] == "序号"
    assert isinstance(rows[1][1], datetime)
    assert rows[1][1] == timezone.make_naive(timezone.localtime(events[1].at)).replace(
        microsecond=rows[1][1].microsecond
    )


def test_dashboard_panel_shows_verification_and_checkpoint(leader, verified_client, events):
    client = verified_client(leader)
    assert "从未校验" in client.get("/admin/").content.decode()
    call_command("trail", "verify", stdout=io.StringIO())
    call_command("trail", "checkpoint", stdout=io.StringIO())
    html = client.get("/admin/").content.decode()
    assert "完好" in html
    assert "最近校验点" in html


def test_every_page_has_a_trail_button(leader, verified_client, home_page, department):
    section = SectionPageFactory(parent=home_page, title="公文", department=department)
    html = verified_client(leader).get(reverse("wagtailadmin_pages:edit", args=[section.pk])).content.decode()
    assert f"{INDEX}?target_type=home.sectionpage&amp;target_id={section.pk}" in html


def test_every_register_record_has_a_trail_button(leader, verified_client, department):
    from tests.testapp.access import allow_memos
    from tests.testapp.models import Memo

    allow_memos()
    memo = Memo.objects.create(title="供应商评估", department=department)
    html = verified_client(leader).get(reverse("memos:inspect", args=[memo.pk])).content.decode()
    assert f"{INDEX}?target_type=testapp.memo&amp;target_id={memo.pk}" in html


def test_an_events_page_reads_its_action_and_local_time(leader, verified_client, events):
    trail.record("account.sign_in", actor=leader)
    seal()
    event = Event.objects.get(action="account.sign_in", actor=leader)
    html = verified_client(leader).get(reverse("trail:inspect", args=[event.pk])).content.decode()
    title = BeautifulSoup(html, "html.parser").title.get_text()
    assert f"#{event.seq} 登录" in title and "account.sign_in" not in title
    assert timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S") in html


def test_wagtails_own_exports_write_local_times_to_the_minute_and_yes_no():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    at = datetime(2026, 12, 6, 10, 22, 33, 123456, tzinfo=timezone.get_fixed_timezone(0))
    export = SpreadsheetExportMixin()  # reports, page listings, snippets, form submissions
    assert export.preprocess_field_value("at", at, "csv") == "2026-12-06 18:22"
    assert export.preprocess_field_value("at", at, "xlsx") == datetime(2026, 12, 6, 18, 22, 33, 123456)
    assert export.preprocess_field_value("ok", True, "csv") == "是"
