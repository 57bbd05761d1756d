"""The approval paths, as approvers take them in the admin: agree, request
changes then agree, disagree; a head of another department is refused."""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import gettext
from reversion.models import Version
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text

from home.factories import DocumentPageFactory
from portal.access.levels import Level
from portal.approvals.models import ApprovalOpinion, Opinion
from portal.approvals.setup import HEAD_THEN_LEADERSHIP
from portal.trail.models import Event
from tests.trail_events import business_events, named

from .conftest import XHR, action_url

pytestmark = pytest.mark.django_db


def refused(response):
    """A refused action goes back to where the user was with an error
    message saying why (403 to scripts)."""
    if response.status_code == 403:
        return True
    errors = [m for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]
    return response.status_code == 302 and bool(errors)


def workflow_state(page):
    return WorkflowState.objects.for_instance(page).order_by("-pk").first()


def test_head_agrees_and_the_page_goes_live(page, staff, department_head, submit, verified_client):
    submit(page, staff)
    client = verified_client(department_head)
    response = client.post(action_url(page, "approve"), {"text": "同意发布。"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert workflow_state(page).status == WorkflowState.STATUS_APPROVED
    opinion = ApprovalOpinion.objects.get(page_id=page.pk)
    assert (opinion.approver, opinion.opinion, opinion.text, opinion.task_name) == (
        department_head,
        Opinion.AGREE,
        "同意发布。",
        "部门负责人审批",
    )
    event = Event.objects.get(action="approval.opinion", target_id=str(page.pk))
    assert event.actor == department_head
    assert event.details["opinion"] == "agree" and event.details["text"] == "同意发布。"
    assert event.details["task"] == "部门负责人审批"


def test_changes_requested_then_agreed(page, staff, department_head, leader, submit, verified_client):
    submit(page, staff, HEAD_THEN_LEADERSHIP)
    head = verified_client(department_head)
    head.post(action_url(page, "request_changes"), {"text": "请补充领用审批流程。"})
    state = workflow_state(page)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    page.refresh_from_db()
    assert not page.live

    # The drafter revises and resubmits: the head's step starts again.
    page.specific.save_revision(user=staff)
    state.resume(user=staff)
    head.post(action_url(page, "approve"), {"text": "已按要求修改，同意。"})
    page.refresh_from_db()
    assert not page.live and page.current_workflow_task.name == "公司领导审批"

    verified_client(leader).post(action_url(page, "approve"), {"text": ""})
    page.refresh_from_db()
    assert page.live
    rows = list(ApprovalOpinion.objects.filter(page_id=page.pk).values_list("approver", "opinion", "text"))
    assert rows == [
        (department_head.pk, Opinion.CHANGES, "请补充领用审批流程。"),
        (department_head.pk, Opinion.AGREE, "已按要求修改，同意。"),
        (leader.pk, Opinion.AGREE, ""),
    ]


def test_disagreement_ends_the_workflow_unpublished(
    page, staff, department_head, leader, submit, verified_client
):
    submit(page, staff, HEAD_THEN_LEADERSHIP)
    verified_client(department_head).post(action_url(page, "approve"), {"text": "同意。"})
    verified_client(leader).post(action_url(page, "reject"), {"text": "与现行制度重复。"})
    state = workflow_state(page)
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert state.current_task_state.status == TaskState.STATUS_REJECTED
    page.refresh_from_db()
    assert not page.live and page.current_workflow_task_state is None
    assert not Page.objects.get(pk=page.pk).workflow_in_progress
    last = ApprovalOpinion.objects.filter(page_id=page.pk).last()
    assert (last.approver, last.opinion, last.text) == (leader, Opinion.DISAGREE, "与现行制度重复。")


@pytest.mark.parametrize(
    ("action", "message"),
    [("request_changes", "请写明修改意见"), ("reject", "请写明不同意的理由")],
)
def test_text_is_required_to_request_changes_or_disagree(
    page, staff, department_head, submit, verified_client, action, message
):
    submit(page, staff)
    response = verified_client(department_head).post(action_url(page, action), {"text": "  "}, **XHR)
    assert response.status_code == 200
    html = response.json()["html"]
    assert message in html
    assert not ApprovalOpinion.objects.exists()
    assert workflow_state(page).status == WorkflowState.STATUS_IN_PROGRESS


def test_an_opinion_sent_past_its_form_comes_back_with_the_message(
    page, staff, department_head, submit, verified_client
):
    """The editor's action menu posts the page with the opinion attached; an
    empty reason is refused there too, with the message on the editor."""
    submit(page, staff)
    client = verified_client(department_head)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "department": page.department_id,
            "confidentiality": page.confidentiality,
            "intro": rich_text(""),
        }
    )
    response = client.post(
        edit,
        form
        | {
            "action-workflow-action": "true",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": '{"text": " "}',
        },
        follow=True,
    )
    assert response.redirect_chain == [(edit, 302)]
    assert "请写明不同意的理由" in response.content.decode()
    assert not ApprovalOpinion.objects.exists()
    assert workflow_state(page).status == WorkflowState.STATUS_IN_PROGRESS


def test_head_of_another_department_cannot_act(page, staff, other_head, submit, verified_client):
    submit(page, staff)
    client = verified_client(other_head)
    events = Event.objects.count()
    for action in ("approve", "request_changes", "reject"):
        response = client.post(action_url(page, action), {"text": "同意。"})
        assert refused(response)
    assert not ApprovalOpinion.objects.exists()
    assert not Event.objects.filter(action__in=["approval.opinion", "wagtail.workflow.approve"]).exists()
    assert workflow_state(page).status == WorkflowState.STATUS_IN_PROGRESS
    assert Event.objects.filter(action="approval.opinion").count() == 0 and Event.objects.count() >= events


def test_leader_cannot_act_on_the_head_step(page, staff, department_head, leader, submit, verified_client):
    submit(page, staff)
    response = verified_client(leader).post(action_url(page, "approve"), {"text": "同意。"})
    assert refused(response)
    assert not ApprovalOpinion.objects.exists()


def test_superuser_is_not_exempt(page, staff, submit, verified_client):
    from portal.accounts.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    submit(page, staff)
    response = verified_client(admin).post(action_url(page, "approve"), {"text": ""})
    assert refused(response)
    assert not ApprovalOpinion.objects.exists()


def test_approver_sees_the_opinions_in_the_editor(page, staff, department_head, submit, verified_client):
    submit(page, staff)
    response = verified_client(department_head).get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for action in ("approve", "request_changes", "reject"):
        assert f"/workflow/action/{page.pk}/{action}/" in html or f"/{action}/" in html


def test_a_step_of_another_page_cannot_be_taken_through_ones_own(
    page, staff, department_head, other_department, home_page, submit, verified_client
):
    from home.factories import SectionPageFactory

    foreign = SectionPageFactory(parent=home_page, title="财务制度", department=other_department, live=False)
    submit(page, staff)
    submit(foreign, staff)
    foreign.refresh_from_db()
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", foreign.current_workflow_task_state.pk],
    )
    # Wagtail checks the approver on the page in the address; the task
    # checks them again on the page the step belongs to.
    assert refused(verified_client(department_head).post(url, {"text": "同意。"}))
    assert not ApprovalOpinion.objects.exists()
    assert workflow_state(foreign).status == WorkflowState.STATUS_IN_PROGRESS


def test_the_opinion_form_says_the_opinion_is_final(page, staff, department_head, submit, verified_client):
    submit(page, staff)
    response = verified_client(department_head).get(action_url(page, "reject"), **XHR)
    html = response.json()["html"]
    assert 'name="text"' in html and "“部门负责人审批”" in html  # the step, named in the warning
    assert gettext("Disagree") in html


@pytest.mark.parametrize("view", ["wagtailadmin_pages:edit", "wagtailadmin_pages:view_draft"])
def test_leader_opens_a_record_waiting_for_them(
    home_page, department, staff, department_head, leader, submit, verified_client, view
):
    """The records in 待我审批 open for the leader: the rule is asked of a
    draft revision's object (its named participants held in memory)."""
    document = DocumentPageFactory(
        parent=home_page,
        title="关于年度预算的报告",
        department=department,
        confidentiality=Level.SECRET,
        owner=staff,
        publish=False,
    )
    submit(document, staff, HEAD_THEN_LEADERSHIP)
    verified_client(department_head).post(action_url(document, "approve"), {"text": "同意。"})
    response = verified_client(leader).get(reverse(view, args=[document.pk]))
    assert response.status_code == 200
    assert "关于年度预算的报告" in response.content.decode()


def test_one_agreement_is_one_event_naming_the_opinion_and_what_it_published(
    page, staff, department_head, submit, verified_client
):
    submit(page, staff)
    client = verified_client(department_head)
    with business_events() as events:
        client.post(action_url(page, "approve"), {"text": "同意发布。"})
    page.refresh_from_db()
    assert page.live
    (event,) = events
    assert event.action == "approval.opinion" and event.details["opinion"] == "agree"
    kinds = [kind for kind, _id in named(event)]
    assert kinds.count("reversion.version") == 1  # the opinion, once
    opinion_version = Version.objects.get_for_object(ApprovalOpinion.objects.get(page_id=page.pk)).get()
    assert ("reversion.version", str(opinion_version.pk)) in named(event)
    logged = PageLogEntry.objects.filter(
        page=page, pk__in=[i for k, i in named(event) if k.endswith("logentry")]
    )
    assert {"wagtail.workflow.approve", "wagtail.publish"} <= set(logged.values_list("action", flat=True))
