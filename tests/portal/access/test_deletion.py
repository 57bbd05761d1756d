"""Issued records are never deleted: a published, numbered 公文 and register
records are refused on every path — the admin's delete view, bulk delete,
a shell or service call — with the reason and a trail event; a
never-submitted draft is deleted by its author and nobody else; the
disposal procedure's authorisation is the one way around."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Task, Workflow, WorkflowTask

from home.factories import DocumentNumberRuleFactory, DocumentPageFactory, SectionPageFactory
from home.models import DocumentKind, DocumentNumberRule, DocumentPage
from portal.access.deletion import DeletionRefused, disposal_authorised
from portal.access.levels import Level
from portal.access.models import AccessRequest
from portal.access.services import grants
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.trail.models import Event
from tests.testapp.access import allow_memos
from tests.testapp.models import Memo

from .conftest import in_english

pytestmark = pytest.mark.django_db

REFUSED = "record.delete_refused"


@pytest.fixture
def section(home_page, department):
    return SectionPageFactory(parent=home_page, department=department, confidentiality=Level.PUBLIC)


@pytest.fixture
def office(portal_setup, department):
    return UserFactory(roles=[Role.ADMINISTRATION_OFFICE], department=department, display_name="周敏")


@pytest.fixture
def english_client(verified_client):
    return lambda user: verified_client(in_english(user))


@pytest.fixture
def issued(section, department, department_head):
    """A published official document of ``department`` with its number (文号)."""
    DocumentNumberRuleFactory(department=department, kind=DocumentKind.OFFICIAL, code="行")
    page = DocumentPageFactory(
        parent=section, department=department, owner=department_head, title="关于年度考核的通知"
    )
    assert page.live and page.document_number
    return page


@pytest.fixture
def draft(section, department, staff):
    return DocumentPageFactory(
        parent=section, department=department, owner=staff, title="草稿通知", publish=False, live=False
    )


def refusals(user, target):
    return Event.objects.filter(action=REFUSED, actor=user, target_id=str(target.pk))


def messages_after(client, response):
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("role", ["staff", "department_head", "archivist", "office", "leader"])
def test_an_issued_document_is_refused_in_the_admin_delete_view(request, role, issued, english_client):
    user = request.getfixturevalue(role)
    client = english_client(user)
    url = f"/admin/pages/{issued.pk}/delete/"
    for send in (client.get, client.post):
        text = messages_after(client, send(url))
        assert "cannot be deleted: it has been published" in text
        assert "关于年度考核的通知" in text
    assert DocumentPage.objects.filter(pk=issued.pk, live=True).exists()
    assert refusals(user, issued).count() == 2
    assert {e.details["reason"] for e in refusals(user, issued)} == {"published"}
    assert not Event.objects.filter(action="wagtail.delete", target_id=str(issued.pk)).exists()


def test_an_issued_document_is_refused_in_a_bulk_delete(issued, draft, archivist, staff, english_client):
    client = english_client(archivist)
    url = f"/admin/bulk/wagtailcore/page/delete/?id={issued.pk}&next=/admin/"
    text = messages_after(client, client.post(url, {}))
    assert "cannot be deleted: it has been published" in text
    assert Page.objects.filter(pk=issued.pk).exists()
    assert refusals(archivist, issued).count() == 1
    # Nor is a draft deleted in bulk by anyone but its author.
    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={draft.pk}&next=/admin/", {})
    assert Page.objects.filter(pk=draft.pk).exists()


def test_the_refusal_message_is_in_chinese(issued, archivist, verified_client):
    client = verified_client(archivist)
    text = messages_after(client, client.get(f"/admin/pages/{issued.pk}/delete/"))
    assert "不能删除" in text and "销毁" in text


def test_a_shell_or_service_call_is_refused_with_its_event(issued, section):
    with pytest.raises(DeletionRefused):
        issued.delete()
    with pytest.raises(DeletionRefused), transaction.atomic():
        Page.objects.filter(pk=issued.pk).delete()
    with pytest.raises(DeletionRefused):
        section.delete()  # a section goes with what is below it
    assert Page.objects.filter(pk=issued.pk).exists() and Page.objects.filter(pk=section.pk).exists()
    assert Event.objects.filter(action=REFUSED, target_id=str(issued.pk)).count() == 1
    assert Event.objects.filter(action=REFUSED, target_id=str(section.pk)).count() == 1
    deleted = Event.objects.filter(action="wagtail.delete", target_id__in=[str(issued.pk), str(section.pk)])
    assert not deleted.exists(), "nothing is logged as deleted"


def test_a_page_once_submitted_for_approval_is_kept(draft, staff, english_client):
    task = Task.objects.create(name="部门负责人审批")
    workflow = Workflow.objects.create(name="发文")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    workflow.start(draft, staff)
    draft.current_workflow_state.cancel(user=staff)  # withdrawn: it was submitted all the same
    client = english_client(staff)
    text = messages_after(client, client.post(f"/admin/pages/{draft.pk}/delete/", {}))
    assert "it has been submitted for approval" in text
    assert Page.objects.filter(pk=draft.pk).exists()


def test_a_draft_is_deleted_by_its_author_only(draft, department_head, archivist, staff, english_client):
    for other in (department_head, archivist):
        assert not draft.permissions_for_user(other).can_delete()
        english_client(other).post(f"/admin/pages/{draft.pk}/delete/", {})
        assert Page.objects.filter(pk=draft.pk).exists()
    assert draft.permissions_for_user(staff).can_delete()
    response = english_client(staff).post(f"/admin/pages/{draft.pk}/delete/", {})
    assert response.status_code == 302
    assert not Page.objects.filter(pk=draft.pk).exists()
    event = Event.objects.get(action="wagtail.delete", target_id=str(draft.pk))
    assert event.actor == staff


def test_an_issued_page_offers_no_delete(issued, staff, archivist, leader):
    for user in (staff, archivist, leader):
        assert not issued.permissions_for_user(user).can_delete()


def test_the_disposal_procedure_is_the_one_way_to_remove(issued):
    with disposal_authorised("处置清单 2026-1"):
        issued.delete()
    assert not Page.objects.filter(pk=issued.pk).exists()
    assert not Event.objects.filter(action=REFUSED).exists()
    removed = Event.objects.filter(action="trail.source_deleted", sources__source_type="wagtailcore.revision")
    assert removed.exists(), "the page's sealed revisions went with it"
    assert {e.details.get("disposal") for e in removed} == {"处置清单 2026-1"}


@pytest.fixture
def memo(department, staff):
    allow_memos()
    return Memo.objects.create(title="会议纪要", department=department, author=staff)


def test_a_register_record_is_refused_in_the_admin_delete_view(memo, staff, english_client):
    client = english_client(staff)
    url = f"/admin/memos/delete/{memo.pk}/"
    for send in (client.get, client.post):
        text = messages_after(client, send(url))
        assert "cannot be deleted: it is a register record" in text
    assert Memo.objects.filter(pk=memo.pk).exists()
    assert refusals(staff, memo).count() == 2


def test_a_register_record_is_refused_in_a_snippet_bulk_delete(department, english_client):
    administrator = UserFactory(is_superuser=True, department=department)
    rule = DocumentNumberRuleFactory(department=department, kind=DocumentKind.OFFICIAL, code="行")
    client = english_client(administrator)
    url = f"/admin/bulk/home/documentnumberrule/delete/?id={rule.pk}&next=/admin/"
    text = messages_after(client, client.post(url, {}))
    assert "cannot be deleted: it is a register record" in text
    assert DocumentNumberRule.objects.filter(pk=rule.pk).exists()
    assert refusals(administrator, rule).count() == 1


def test_register_records_are_refused_in_shell_calls(memo, staff, leader):
    now = timezone.now()
    access_request = grants.request_access(
        staff, reason="查阅", starts_at=now, ends_at=now + datetime.timedelta(days=1), record=memo
    )
    with pytest.raises(DeletionRefused):
        memo.delete()
    with pytest.raises(DeletionRefused), transaction.atomic():
        AccessRequest.objects.filter(pk=access_request.pk).delete()
    assert Memo.objects.filter(pk=memo.pk).exists()
    assert AccessRequest.objects.filter(pk=access_request.pk).exists()
    assert Event.objects.filter(action=REFUSED, target_id=str(memo.pk)).count() == 1
