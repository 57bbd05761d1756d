"""Who approves: the drafter never approves their own submission; a step
with no other eligible approver goes up (parent department's heads, then the
leadership); each record type takes its route; a second opinion sent to a
step that has ended gets a message."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils.translation import override
from wagtail.models import Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text

from home.factories import DocumentPageFactory, PolicyPageFactory, SectionPageFactory, TrainingPageFactory
from home.models import DocumentKind
from portal.access.levels import Level
from portal.accounts.factories import DepartmentFactory, UserFactory
from portal.accounts.roles import Role
from portal.approvals import demo, routing
from portal.approvals.models import ApprovalOpinion
from portal.approvals.models.tasks import APPROVE, STEP_ENDED
from portal.approvals.setup import CONTRACT, HEAD_ONLY, HEAD_THEN_LEADERSHIP, LEADERSHIP_TASK
from tests.trail_events import business_events, named

from .conftest import XHR, action_url

pytestmark = pytest.mark.django_db


def _can_act(page, user):
    page.refresh_from_db()
    state = page.current_workflow_task_state
    return state.task.specific.may_act(page, user, state)


def test_a_head_who_submits_does_not_approve_their_own_submission(
    page, department_head, leader, submit, verified_client
):
    submit(page, department_head)
    assert not _can_act(page, department_head)
    response = verified_client(department_head).post(action_url(page, "approve"), {"text": "同意。"})
    assert response.status_code in (302, 403)
    assert not ApprovalOpinion.objects.exists()
    # Their department has no parent: the step goes to the leadership.
    assert _can_act(page, leader)
    verified_client(leader).post(action_url(page, "approve"), {"text": "同意。"})
    page.refresh_from_db()
    assert page.live


def test_another_head_of_the_department_approves_instead(page, department, department_head, leader, submit):
    second_head = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=department, display_name="副主任")
    department.heads.add(second_head)
    submit(page, department_head)
    assert _can_act(page, second_head)
    assert not _can_act(page, department_head)
    assert not _can_act(page, leader), "another head is eligible, so nothing escalates"


def test_the_step_goes_to_the_parent_departments_head(home_page, department, department_head, portal_setup):
    archive = DepartmentFactory(code="档", name="档案室", parent=department)
    archivist = UserFactory(roles=[Role.ARCHIVIST], department=archive, display_name="何梅")
    page = SectionPageFactory(
        parent=home_page, title="档案移交清单", department=archive, owner=archivist, live=False
    )
    demo.submit(page, archivist, HEAD_ONLY)
    assert _can_act(page, department_head), "档案室 has no head: the parent department's head approves"


def test_no_head_anywhere_goes_to_the_leadership(home_page, leader, portal_setup):
    orphan = DepartmentFactory(code="档", name="档案室")
    drafter = UserFactory(roles=[Role.STAFF], department=orphan)
    page = SectionPageFactory(
        parent=home_page, title="档案移交清单", department=orphan, owner=drafter, live=False
    )
    demo.submit(page, drafter, HEAD_ONLY)
    assert _can_act(page, leader)


def test_a_leader_who_drafted_does_not_approve_at_the_leadership_step(
    page, staff, department_head, leader, submit, verified_client
):
    other_leader = UserFactory(roles=[Role.LEADERSHIP], display_name="刘欣")
    submit(page, leader, HEAD_THEN_LEADERSHIP)
    demo.act(page, department_head, APPROVE, "同意。")
    page.refresh_from_db()
    assert page.current_workflow_task.name == LEADERSHIP_TASK
    assert not _can_act(page, leader)
    assert _can_act(page, other_leader)


def test_the_drafter_named_on_a_document_is_left_out_too(
    home_page, department, staff, department_head, leader
):
    """A head who drafted a notice that a colleague submits still does not approve it."""
    section = SectionPageFactory(parent=home_page, title="文件", department=department)
    notice = DocumentPageFactory(
        parent=section, department=department, drafter=department_head, publish=False, live=False
    )
    demo.submit(notice, staff, HEAD_ONLY)
    assert not _can_act(notice, department_head)
    assert _can_act(notice, leader)


# --- Routes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "factory,fields,workflow",
    [
        (PolicyPageFactory, {}, HEAD_THEN_LEADERSHIP),
        (DocumentPageFactory, {"kind": DocumentKind.OFFICIAL}, HEAD_ONLY),
        (
            DocumentPageFactory,
            {"kind": DocumentKind.OFFICIAL, "confidentiality": Level.SECRET},
            HEAD_THEN_LEADERSHIP,
        ),
        (DocumentPageFactory, {"kind": DocumentKind.REPORT}, HEAD_ONLY),
        (
            DocumentPageFactory,
            {"kind": DocumentKind.REPORT, "confidentiality": Level.CONFIDENTIAL},
            HEAD_THEN_LEADERSHIP,
        ),
        (DocumentPageFactory, {"kind": DocumentKind.CONTRACT}, CONTRACT),
        (TrainingPageFactory, {}, HEAD_ONLY),
    ],
)
def test_each_record_type_takes_its_route(home_page, department, portal_setup, factory, fields, workflow):
    section = SectionPageFactory(parent=home_page, title="文件", department=department)
    page = factory(parent=section, department=department, **{"confidentiality": Level.INTERNAL, **fields})
    assert page.get_workflow() == Workflow.objects.get(name=workflow)


def test_a_subtree_workflow_does_not_reroute_a_record(home_page, department, portal_setup):
    from wagtail.models import WorkflowPage

    section = SectionPageFactory(parent=home_page, title="制度", department=department)
    WorkflowPage.objects.create(page=section, workflow=Workflow.objects.get(name=HEAD_ONLY))
    policy = PolicyPageFactory(parent=section, department=department)
    assert policy.get_workflow().name == HEAD_THEN_LEADERSHIP
    assert section.get_workflow().name == HEAD_ONLY


def test_every_routed_workflow_is_made_by_setup(portal_setup):
    names = {name for rows in routing.ROUTES.values() for _level, name in rows}
    assert set(Workflow.objects.filter(name__in=names, active=True).values_list("name", flat=True)) == names


# --- A finished workflow --------------------------------------------------------------


def test_a_second_approval_after_the_workflow_ended_gets_a_message(
    page, staff, department_head, submit, verified_client
):
    submit(page, staff)
    url = action_url(page, "approve")
    client = verified_client(department_head)
    client.post(url, {"text": "同意。"})
    page.refresh_from_db()
    assert page.live
    response = client.post(url, {"text": "再次同意。"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)], "the approver is told why"
    response = client.post(url, {"text": "再次同意。"}, **XHR)
    assert response.status_code in (302, 400)
    assert ApprovalOpinion.objects.count() == 1


def test_an_opinion_on_a_step_that_moved_on_is_refused_with_a_message(
    page, staff, department_head, submit, verified_client
):
    submit(page, staff, HEAD_THEN_LEADERSHIP)
    page.refresh_from_db()
    head_step = page.current_workflow_task_state
    url = action_url(page, "approve")
    verified_client(department_head).post(url, {"text": "同意。"})
    with override("en"), pytest.raises(ValidationError, match="no longer waiting"):
        head_step.task.specific.on_action(head_step, department_head, APPROVE, text="再次同意。")
    response = verified_client(department_head).post(url, {"text": "再次同意。"}, **XHR)
    assert response.status_code in (302, 400, 403)
    assert response.status_code != 500
    assert ApprovalOpinion.objects.count() == 1


def agreement_in_the_editor(page):
    """What the editor posts when the approver chooses 同意 and writes 同意。"""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "department": page.department_id,
            "confidentiality": page.confidentiality,
            "intro": rich_text(""),
        }
    ) | {
        "action-workflow-action": "1",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": '{"text": "同意。"}',
    }


def test_a_second_agreement_from_the_editor_keeps_the_page_live_and_gets_a_message(
    page, staff, department_head, submit, verified_client
):
    """Wagtail's editor would save its stale copy (unpublishing the page)
    and then fail with a server error; the step's end is said instead."""
    submit(page, staff)
    client = verified_client(department_head)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    data = agreement_in_the_editor(page)
    assert client.post(edit_url, data).status_code == 302
    page.refresh_from_db()
    assert page.live
    revisions = page.revisions.count()
    response = client.post(edit_url, data)
    assert response.status_code == 302
    with override("zh-hans"):
        assert str(STEP_ENDED) in [str(m) for m in get_messages(response.wsgi_request)]
    page.refresh_from_db()
    assert page.live, "the second click does not unpublish it"
    assert page.revisions.count() == revisions, "nor is it saved as a draft"
    assert ApprovalOpinion.objects.count() == 1


def test_agreeing_in_the_editor_is_one_event_with_the_revision_it_saved(
    page, staff, department_head, submit, verified_client
):
    """The editor saves the approver's copy as a revision, then the step
    agrees and publishes it: one click, one ``approval.opinion``."""
    submit(page, staff)
    data = agreement_in_the_editor(page)
    revisions = set(page.revisions.values_list("pk", flat=True))
    with business_events() as events:
        assert verified_client(department_head).post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    page.refresh_from_db()
    assert page.live
    (event,) = events
    assert event.action == "approval.opinion" and event.details["text"] == "同意。"
    (saved,) = set(page.revisions.values_list("pk", flat=True)) - revisions
    assert ("wagtailcore.revision", str(saved)) in named(event)
