"""Verification holds the live state against its sealed versions: an edit
made in the database, below the application, is found and located (record
type, id, field) — pages against their live revision, register rows against
their latest reversion version."""

import datetime

import pytest
import reversion
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from home.factories import DocumentNumberRuleFactory, DocumentPageFactory, SectionPageFactory
from home.models import DocumentKind
from portal.access.levels import Level
from portal.access.models import AccessRequest
from portal.access.services import grants
from portal.accounts.factories import DepartmentFactory
from portal.trail.checks import verify
from portal.trail.models import Event
from portal.trail.sealing import seal
from registers.models import CirculationReceipt
from registers.services import circulation

from .conftest import raw

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def live_problems():
    seal()
    return [p for p in verify().problems if p.reason.startswith("live_")]


@pytest.fixture
def records(home_page, department, department_head, staff, leader):
    """A published section, a numbered document, a read circulation
    receipt and a decided access request, all made through the portal."""
    section = SectionPageFactory(
        parent=home_page, title="会议纪要", department=department, confidentiality=Level.INTERNAL
    )
    DocumentNumberRuleFactory(department=department, kind=DocumentKind.OFFICIAL, code="行")
    document = DocumentPageFactory(parent=section, department=department, title="关于检查的通知")
    document.refresh_from_db()
    assert document.document_number
    sent = circulation.circulate(section, department_head, recipients=[staff], deadline=None)
    circulation.record_read(section, staff)
    receipt = CirculationReceipt.objects.get(circulation=sent, recipient=staff)
    now = timezone.now()
    request = grants.request_access(
        staff,
        reason="查阅会议纪要",
        starts_at=now,
        ends_at=now + datetime.timedelta(days=3),
        department=department,
        max_level=Level.SECRET,
    )
    grants.decide(request, leader, approve=False, opinion="不同意。")
    assert live_problems() == []
    return {"section": section, "document": document, "receipt": receipt, "request": request}


# (what an intruder edits: table, key column, record key, column, value,
#  and where verification must say it is: record type, field)
EDITS = {
    "page title": ("wagtailcore_page", "id", "section", "title", "改过的标题", "home.sectionpage", "title"),
    "page content": (
        "home_sectionpage", "page_ptr_id", "section", "intro", "<p>改</p>", "home.sectionpage", "intro",
    ),
    "document number": (
        "home_documentpage", "page_ptr_id", "document", "document_number", "〔2026〕行字第999号",
        "home.documentpage", "document_number",
    ),
    "receipt read time": (
        "registers_circulationreceipt", "id", "receipt", "read_at", "2020-01-01 00:00:00",
        "registers.circulationreceipt", "read_at",
    ),
    "receipt comment": (
        "registers_circulationreceipt", "id", "receipt", "comment", "已阅",
        "registers.circulationreceipt", "comment",
    ),
    "access request status": (
        "access_accessrequest", "id", "request", "status", AccessRequest.Status.APPROVED,
        "access.accessrequest", "status",
    ),
}  # fmt: skip


@hypothesis_settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edit=st.sampled_from(sorted(EDITS)), suffix=st.text(max_size=8))
def test_an_edit_below_the_application_is_found_and_located(records, edit, suffix):
    table, key, name, column, value, record_type, field = EDITS[edit]
    if isinstance(value, str) and not value.startswith("20"):
        value += suffix.replace("\x00", "")  # text columns take any text, dates stay dates
    record = records[name]
    try:
        with transaction.atomic():
            raw(f"UPDATE {table} SET {column} = %s WHERE {key} = %s", [value, record.pk])  # noqa: S608
            problems = live_problems()
            assert [(p.reason, p.note) for p in problems] == [
                ("live_changed", f"{record_type} {record.pk}: {field}")
            ]
            raise Rollback
    except Rollback:
        pass
    assert live_problems() == []


def test_the_problem_points_at_the_event_that_sealed_the_version(records):
    receipt = records["receipt"]
    raw("UPDATE registers_circulationreceipt SET read_at = NULL WHERE id = %s", [receipt.pk])
    version = reversion.models.Version.objects.get_for_object(receipt).first()
    (problem,) = live_problems()
    sealing = Event.objects.get(sources__source_type="reversion.version", sources__source_id=str(version.pk))
    assert problem.seq == sealing.seq
    assert problem.describe() == (
        f"seq {sealing.seq}: a live record differs from its latest sealed version "
        f"(registers.circulationreceipt {receipt.pk}: read_at)"
    )


def test_a_page_edited_through_the_portal_verifies(records, department_head):
    section = records["section"]
    section.title = "会议纪要（修订）"
    section.save_revision(user=department_head, log_action=True).publish(
        user=department_head, skip_permission_checks=True
    )
    # A draft on top of the live revision changes nothing that is live.
    section.intro = "<p>草稿</p>"
    section.save_revision(user=department_head, log_action=True)
    assert live_problems() == []


def test_a_register_row_inserted_below_the_application_is_found(records, department):
    raw(
        "INSERT INTO accounts_department (name, code, sort_order, parent_id) VALUES (%s, %s, 0, NULL)",
        ["伪造部门", "伪"],
    )
    forged = DepartmentFactory._meta.model.objects.get(code="伪")
    (problem,) = live_problems()
    assert problem.reason == "live_unversioned"
    assert problem.note == f"accounts.department {forged.pk}"


def test_a_register_row_saved_without_a_version_is_found(department):
    department.name = "改名未留版本"
    department.save()
    (problem,) = live_problems()
    assert (problem.reason, problem.note) == ("live_changed", f"accounts.department {department.pk}: name")


def test_verify_command_names_the_record_and_field(records, capsys):
    from django.core.management import CommandError, call_command

    request = records["request"]
    raw("UPDATE access_accessrequest SET status = 'approved' WHERE id = %s", [request.pk])
    with pytest.raises(CommandError) as error:
        call_command("trail", "verify")
    assert f"(access.accessrequest {request.pk}: status)" in str(error.value)
    assert connection.vendor in {"sqlite", "postgresql"}


def test_a_participant_added_below_the_application_is_found(records, staff):
    """Naming oneself on a record in the database would open it: the record's
    named people are held against its live revision too."""
    document = records["document"]
    field = type(document)._meta.get_field("participants")
    through = field.remote_field.through
    columns = (
        through._meta.get_field(field.m2m_field_name()).column,
        through._meta.get_field(field.m2m_reverse_field_name()).column,
    )
    raw(
        f"INSERT INTO {through._meta.db_table} ({columns[0]}, {columns[1]}) VALUES (%s, %s)",  # noqa: S608
        [document.pk, staff.pk],
    )
    assert [(p.reason, p.note) for p in live_problems()] == [
        ("live_changed", f"home.documentpage {document.pk}: participants")
    ]
