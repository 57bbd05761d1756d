"""The circulation register on the register pattern: the listing and its
search (through the segmented index) hold what the rule lets the user read,
each circulation prints, shows its history (its receipts' versions too) and
links its trail, the xlsx export leaves one event; and the migration that
gave existing circulations a level took it from their page."""

import importlib
import io

import openpyxl
import pytest
from django.apps import apps

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.trail.models import Event
from registers.models import Circulation

from .conftest import in_english

pytestmark = pytest.mark.django_db

INDEX = "/admin/registers/circulation/"


def test_the_listing_and_its_search_hold_only_readable_circulations(
    circulate, colleague, outsider, department_head, verified_client
):
    circulation = circulate([colleague])
    for user, reads in ((department_head, True), (colleague, True), (outsider, False)):
        client = verified_client(user)
        for params in ({}, {"q": "档案检查"}):
            html = client.get(INDEX, params).content.decode()
            assert (f"inspect/{circulation.pk}/" in html) is reads, (user, params)
    html = verified_client(department_head).get(INDEX, {"q": "没有这种记录"}).content.decode()
    assert f"inspect/{circulation.pk}/" not in html


def test_a_circulation_prints_shows_its_history_and_links_its_trail(
    circulate, colleague, leader, verified_client
):
    from registers.services import circulation as service

    circulation = circulate([colleague])
    service.record_read(circulation.page, colleague)
    client = verified_client(in_english(leader))

    inspect = client.get(f"{INDEX}inspect/{circulation.pk}/").content.decode()
    for button in (f"{INDEX}print/{circulation.pk}/", f"{INDEX}history/{circulation.pk}/"):
        assert button in inspect
    assert f"target_type=registers.circulation&amp;target_id={circulation.pk}" in inspect

    printed = client.get(f"{INDEX}print/{circulation.pk}/").content.decode()
    assert circulation.title in printed and 'class="sheet' in printed
    assert Event.objects.filter(action="print", actor=leader, target_id=str(circulation.pk)).count() == 1

    history = client.get(f"{INDEX}history/{circulation.pk}/").content.decode()
    assert "Record circulated" in history and "Circulated record read" in history


def test_the_xlsx_export_holds_readable_rows_and_leaves_one_event(
    circulate, colleague, outsider, department_head, verified_client
):
    circulation = circulate([colleague])
    for user, rows in ((department_head, 1), (outsider, 0)):
        response = verified_client(user).get(INDEX, {"export": "xlsx"})
        sheet = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
        assert [row[0] for row in sheet[1:]] == [circulation.title] * rows
        event = Event.objects.get(action="export", actor=user)
        assert event.details["format"] == "xlsx" and event.details["rows"] == rows


def test_the_migration_gives_existing_circulations_their_pages_level(
    circulate, colleague, record, home_page, department, department_head
):
    secret = SectionPageFactory(
        parent=home_page,
        title="密件",
        department=department,
        confidentiality=Level.SECRET,
        owner=department_head,
    )
    public = SectionPageFactory(
        parent=home_page,
        title="公告",
        department=department,
        confidentiality=Level.PUBLIC,
        owner=department_head,
    )
    colleague_of = {secret: department_head, public: colleague, record: colleague}
    made = {page: circulate([reader], page=page) for page, reader in colleague_of.items()}
    Circulation.objects.update(confidentiality=Level.INTERNAL)  # as the column's default left them

    migration = importlib.import_module("registers.migrations.0002_circulation_under_the_rule")
    migration.level_from_pages(apps, None)

    levels = dict(Circulation.objects.values_list("pk", "confidentiality"))
    assert levels == {
        made[secret].pk: Level.SECRET,
        made[public].pk: Level.INTERNAL,  # a circulation is internal at least
        made[record].pk: Level.INTERNAL,
    }


def test_both_exports_hold_the_rows_in_local_time(
    circulate, colleague, department_head, leader, verified_client
):
    import csv
    import datetime

    from django.utils import timezone

    circulation = circulate([colleague], deadline=timezone.now() + datetime.timedelta(days=3))
    client = verified_client(department_head)

    content = b"".join(client.get(INDEX, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert [row[0] for row in rows[1:]] == [circulation.title]
    sent = timezone.localtime(circulation.created_at).strftime("%Y-%m-%d %H:%M")
    assert sent in rows[1], "the local time, to the minute"
    assert "+00:00" not in content and "." not in rows[1][rows[0].index("发送时间")]
    for reader in (colleague, leader):  # a recipient, and leadership who read every internal record
        csv_text = b"".join(verified_client(reader).get(INDEX, {"export": "csv"}).streaming_content).decode()
        assert circulation.title in csv_text, reader

    response = client.get(INDEX, {"export": "xlsx"})
    sheet = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [row[0] for row in sheet[1:]] == [circulation.title]
    cell = sheet[1][sheet[0].index("截止时间")]
    assert isinstance(cell, datetime.datetime) and cell.tzinfo is None
    deadline = timezone.localtime(circulation.deadline)
    assert cell.strftime("%Y-%m-%d %H:%M") == deadline.strftime("%Y-%m-%d %H:%M")


def test_the_listing_counts_down_to_a_deadline_ahead(circulate, colleague, department_head, verified_client):
    import datetime

    from django.utils import timezone

    circulate([colleague], deadline=timezone.now() + datetime.timedelta(days=3, minutes=5))
    html = verified_client(department_head).get(INDEX).content.decode()
    assert "3 天后到期" in html, "not 刚刚, as a time in the past would read"


def test_a_passed_deadline_reads_overdue_until_everyone_has_read(
    circulate, colleague, department_head, verified_client
):
    import datetime

    import time_machine
    from django.utils import timezone

    from registers.services import circulation as service

    circulation = circulate([colleague], deadline=timezone.now() + datetime.timedelta(days=1))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, hours=1)):
        client = verified_client(department_head)  # a session of that day
        assert "已逾期 1 天" in client.get(INDEX).content.decode()
        service.record_read(circulation.page, colleague)
        html = client.get(INDEX).content.decode()
    assert "已逾期" not in html
    assert timezone.localtime(circulation.deadline).strftime("%Y-%m-%d %H:%M") in html
