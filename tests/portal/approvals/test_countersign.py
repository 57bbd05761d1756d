"""Countersigning (会签): every named approver must agree, in any order."""

import pytest
from wagtail.models import TaskState, WorkflowState

from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.approvals.models import ApprovalOpinion, CountersignTask, Opinion
from portal.approvals.setup import CONTRACT, COUNTERSIGN_TASK

from .conftest import action_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def signers(portal_setup, other_department):
    first = UserFactory(roles=[Role.STAFF], department=other_department, display_name="周晴")
    second = UserFactory(roles=[Role.LEADERSHIP], display_name="刘欣")
    task = CountersignTask.objects.get(name=COUNTERSIGN_TASK)
    task.users.set([first, second])
    return first, second


@pytest.fixture
def at_countersign(page, staff, department_head, submit, verified_client, signers):
    submit(page, staff, CONTRACT)
    verified_client(department_head).post(action_url(page, "approve"), {"text": "同意。"})
    page.refresh_from_db()
    assert page.current_workflow_task.name == COUNTERSIGN_TASK
    return page


def test_every_signer_must_agree_in_any_order(at_countersign, signers, verified_client):
    page = at_countersign
    first, second = signers
    verified_client(second).post(action_url(page, "approve"), {"text": "同意会签。"})
    page.refresh_from_db()
    assert page.current_workflow_task.name == COUNTERSIGN_TASK  # still waiting for the first signer
    assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS

    verified_client(first).post(action_url(page, "approve"), {"text": "财务意见：同意。"})
    page.refresh_from_db()
    assert page.current_workflow_task.name == "公司领导审批"
    agreed = ApprovalOpinion.objects.filter(task_name=COUNTERSIGN_TASK, opinion=Opinion.AGREE)
    assert set(agreed.values_list("approver", flat=True)) == {first.pk, second.pk}


def test_a_signer_cannot_agree_twice(at_countersign, signers, verified_client):
    page = at_countersign
    first, _second = signers
    client = verified_client(first)
    client.post(action_url(page, "approve"), {"text": "同意。"})
    response = client.post(action_url(page, "approve"), {"text": "再次同意。"})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.current_workflow_task.name == COUNTERSIGN_TASK
    assert ApprovalOpinion.objects.filter(approver=first).count() == 1


def test_one_disagreement_ends_the_workflow(at_countersign, signers, verified_client):
    page = at_countersign
    first, second = signers
    verified_client(first).post(action_url(page, "approve"), {"text": "同意。"})
    verified_client(second).post(action_url(page, "reject"), {"text": "合同金额超出预算。"})
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_CANCELLED
    page.refresh_from_db()
    assert not page.live


def test_a_request_for_changes_sends_it_back(at_countersign, signers, verified_client):
    page = at_countersign
    verified_client(signers[0]).post(action_url(page, "request_changes"), {"text": "付款条款需修改。"})
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_someone_not_named_cannot_sign(at_countersign, other_head, verified_client):
    page = at_countersign
    before = ApprovalOpinion.objects.count()
    response = verified_client(other_head).post(action_url(page, "approve"), {"text": "同意。"})
    assert response.status_code in (302, 403)
    assert ApprovalOpinion.objects.count() == before
