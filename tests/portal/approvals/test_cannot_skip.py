"""Approval cannot be skipped: for every role that edits records (heads,
leaders, archivists, the administration office, a superuser) and every path
Wagtail offers (editor, action menu, bulk actions, copy, move, unpublish,
the admin API), a record goes live only through its workflow's final
approval — scheduled go-live included — and a live record is never taken
down around it."""

import datetime
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from home.factories import PolicyPageFactory, SectionPageFactory
from home.models import PolicyPage
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.approvals import demo
from portal.approvals.models.tasks import APPROVE
from portal.approvals.setup import HEAD_THEN_LEADERSHIP, LEADERSHIP_TASK
from tests.home.test_admin_pages import _policy_data

pytestmark = pytest.mark.django_db

ROLES = ["department_head", "leader", "archivist", "office", "superuser"]


@pytest.fixture
def office(portal_setup, department):
    return UserFactory(roles=[Role.ADMINISTRATION_OFFICE], department=department, display_name="行政专员")


@pytest.fixture
def superuser(portal_setup, department):
    return UserFactory(
        roles=[Role.LEADERSHIP], department=department, is_superuser=True, display_name="系统管理员"
    )


@pytest.fixture(params=ROLES)
def actor(request, department_head, leader, archivist, office, superuser):
    return request.getfixturevalue(request.param)


@pytest.fixture
def section(home_page, department):
    return SectionPageFactory(
        parent=home_page, title="制度", department=department, confidentiality=Level.PUBLIC
    )


@pytest.fixture
def other_section(home_page, department):
    return SectionPageFactory(
        parent=home_page, title="归档", department=department, confidentiality=Level.PUBLIC
    )


def _draft(section, department, owner, **fields):
    return PolicyPageFactory(
        parent=section,
        department=department,
        owner=owner,
        confidentiality=Level.INTERNAL,
        live=False,
        first_published_at=None,
        last_published_at=None,
        publish=False,
        **fields,
    )


@pytest.fixture
def waiting(section, department, staff, department_head):
    """A policy the head agreed to, now waiting at the leadership's step."""
    policy = _draft(section, department, staff, title="用印管理制度", slug="seals")
    demo.submit(policy, staff, HEAD_THEN_LEADERSHIP)
    demo.act(policy, department_head, APPROVE, "同意，报公司领导审批。")
    policy.refresh_from_db()
    assert policy.current_workflow_task.name == LEADERSHIP_TASK and not policy.live
    return policy


@pytest.fixture
def issued(section, department, staff):
    return PolicyPageFactory(
        parent=section, department=department, owner=staff, title="考勤制度", slug="attendance"
    )


def _live(page):
    return Page.objects.get(pk=page.pk).live


# --- Going live -------------------------------------------------------------------


def test_no_role_publishes_a_waiting_record_from_the_editor(actor, waiting, department, verified_client):
    client = verified_client(actor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[waiting.pk])
    html = client.get(edit_url).content.decode()
    assert 'name="action-publish"' not in html, "the action menu offers no publish"
    data = _policy_data(department, title="用印管理制度", slug="seals")
    response = client.post(edit_url, data | {"action-publish": "publish"})
    assert response.status_code in (200, 302, 403)
    assert not _live(waiting)
    assert not waiting.permissions_for_user(actor).can_publish()


def test_no_role_creates_a_record_and_publishes_it_at_once(actor, section, department, verified_client):
    add_url = reverse("wagtailadmin_pages:add", args=["home", "policypage", section.pk])
    html = verified_client(actor).get(add_url).content.decode()
    assert 'name="action-publish"' not in html
    verified_client(actor).post(add_url, _policy_data(department) | {"action-publish": "publish"})
    assert not PolicyPage.objects.filter(slug="secrecy", live=True).exists()


def test_no_role_bulk_publishes_a_record(actor, waiting, verified_client):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={waiting.pk}"
    verified_client(actor).post(url, {"include_descendants": ""})
    assert not _live(waiting)


def test_no_role_publishes_through_the_admin_api(actor, waiting, verified_client):
    url = f"/admin/api/main/pages/{waiting.pk}/action/publish/"
    response = verified_client(actor).post(url, json.dumps({}), content_type="application/json")
    assert response.status_code in (400, 403, 404)
    assert not _live(waiting)


def test_only_the_final_approval_publishes(waiting, leader, department_head):
    assert not _live(waiting), "the head's agreement alone does not publish"
    demo.act(waiting, leader, APPROVE, "同意发布。")
    assert _live(waiting)
    state = WorkflowState.objects.for_instance(waiting).get()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_a_scheduled_go_live_comes_from_the_workflow(section, department, staff, department_head, leader):
    go_live = timezone.now() + datetime.timedelta(days=2)
    policy = _draft(section, department, staff, title="印章制度", slug="stamps", go_live_at=go_live)
    demo.submit(policy, staff, HEAD_THEN_LEADERSHIP)
    demo.act(policy, department_head, APPROVE, "同意。")
    demo.act(policy, leader, APPROVE, "同意，按期生效。")
    policy.refresh_from_db()
    assert not policy.live
    assert policy.get_latest_revision().approved_go_live_at is not None
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    assert _live(policy)


def test_a_scheduled_go_live_is_not_set_around_the_workflow(actor, waiting, department, verified_client):
    edit_url = reverse("wagtailadmin_pages:edit", args=[waiting.pk])
    later = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    data = _policy_data(department, title="用印管理制度", slug="seals", go_live_at=later)
    verified_client(actor).post(edit_url, data | {"action-publish": "publish"})
    assert not _live(waiting)
    assert not waiting.revisions.filter(approved_go_live_at__isnull=False).exists()


# --- Copy, move, unpublish ----------------------------------------------------------


def test_a_copy_of_a_record_is_never_live(actor, issued, section, verified_client):
    url = reverse("wagtailadmin_pages:copy", args=[issued.pk])
    html = verified_client(actor).get(url).content.decode()
    assert "publish_copies" not in html
    verified_client(actor).post(
        url,
        {
            "new_title": "考勤制度（副本）",
            "new_slug": "attendance-copy",
            "new_parent_page": section.pk,
            "publish_copies": "on",
        },
    )
    assert not Page.objects.filter(slug="attendance-copy", live=True).exists()


def test_no_role_moves_a_record(actor, issued, section, other_section, verified_client):
    url = reverse("wagtailadmin_pages:move_confirm", args=[issued.pk, other_section.pk])
    verified_client(actor).post(url)
    issued.refresh_from_db()
    assert issued.get_parent().pk == section.pk
    assert not issued.permissions_for_user(actor).can_move()


def test_no_role_unpublishes_a_record(actor, issued, section, verified_client):
    client = verified_client(actor)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[issued.pk]))
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"]) + f"?id={issued.pk}"
    client.post(bulk, {"include_descendants": ""})
    api = f"/admin/api/main/pages/{issued.pk}/action/unpublish/"
    client.post(api, json.dumps({}), content_type="application/json")
    assert _live(issued)


def test_unpublishing_a_section_leaves_its_records_live(issued, section, superuser):
    section.permissions_for_user(superuser)  # a section is not a record: Wagtail's rules
    from wagtail.actions.unpublish_page import UnpublishPageAction

    UnpublishPageAction(section, user=superuser, include_descendants=True).execute(
        skip_permission_checks=True
    )
    assert not _live(section)
    assert _live(issued)


def test_no_role_copies_a_record_live_through_the_admin_api(actor, issued, section, verified_client):
    url = f"/admin/api/main/pages/{issued.pk}/action/copy/"
    body = {"destination_page_id": section.pk, "slug": "attendance-api", "keep_live": True}
    verified_client(actor).post(url, json.dumps(body), content_type="application/json")
    assert not Page.objects.filter(slug="attendance-api", live=True).exists()
