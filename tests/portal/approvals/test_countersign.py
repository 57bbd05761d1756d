"""Countersigning (会签): every countersigner the record names must agree, in
any order — a person, or a department through one of its heads — and each
must be able to read the record, checked by name before submission."""

import pytest
from django.utils.translation import override
from wagtail.models import TaskState, WorkflowState

from home.factories import DocumentPageFactory, SectionPageFactory
from home.models import DocumentKind
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.approvals import routing
from portal.approvals.models import ApprovalOpinion, Opinion
from portal.approvals.setup import CONTRACT, COUNTERSIGN_TASK

from .conftest import action_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(home_page, department, staff):
    section = SectionPageFactory(parent=home_page, title="合同", department=department)
    return DocumentPageFactory(
        parent=section,
        title="办公楼保洁服务合同",
        kind=DocumentKind.CONTRACT,
        department=department,
        confidentiality=Level.INTERNAL,
        owner=staff,
        drafter=staff,
        counterparty="洁美物业",
        amount="120000.00",
        publish=False,
        live=False,
        first_published_at=None,
        last_published_at=None,
    )


@pytest.fixture
def signers(portal_setup, department, other_department, other_head):
    """A colleague of the drafter named in person, and the other department,
    whose head signs for it; both may read the (internal) contract."""
    colleague = UserFactory(roles=[Role.STAFF], department=department, display_name="周晴")
    return colleague, other_head


@pytest.fixture
def at_countersign(contract, signers, staff, department_head, submit, verified_client, other_department):
    contract.countersigners.set([signers[0]])
    contract.countersigning_departments.set([other_department])
    contract.save()
    submit(contract, staff, CONTRACT)
    verified_client(department_head).post(action_url(contract, "approve"), {"text": "同意。"})
    contract.refresh_from_db()
    assert contract.current_workflow_task.name == COUNTERSIGN_TASK
    return contract


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


def test_someone_not_named_cannot_sign(at_countersign, leader, verified_client):
    page = at_countersign
    before = ApprovalOpinion.objects.count()
    response = verified_client(leader).post(action_url(page, "approve"), {"text": "同意。"})
    assert response.status_code in (302, 403)
    assert ApprovalOpinion.objects.count() == before


def test_each_contract_asks_only_the_countersigners_it_names(
    at_countersign, signers, portal_setup, other_department
):
    finance_head = UserFactory(roles=[Role.DEPARTMENT_HEAD], display_name="财务负责人")
    task = at_countersign.current_workflow_task.specific
    state = at_countersign.current_workflow_task_state
    assert set(task.approvers(at_countersign, state)) == set(signers)
    assert finance_head not in task.approvers(at_countersign, state)


def test_a_countersigner_who_cannot_read_is_refused_by_name(contract, other_head, other_department, staff):
    """A secret contract of one department: the other department's head may
    not read it, so naming him, or his department, is refused with his name."""
    contract.confidentiality = Level.SECRET
    contract.countersigners.set([other_head])
    with override("en"):
        problems = routing.submission_problems(contract, staff)
    assert any("钱峰" in problem and "may not read" in problem for problem in problems)

    contract.countersigners.set([])
    contract.countersigning_departments.set([other_department])
    assert any("钱峰" in problem for problem in routing.submission_problems(contract, staff))

    contract.confidentiality = Level.PUBLIC
    assert routing.submission_problems(contract, staff) == []


@override("en")
def test_a_contract_needs_countersigners_and_not_its_drafter(contract, staff):
    assert any("at least one countersigner" in p for p in routing.submission_problems(contract, staff))
    contract.countersigners.set([staff])
    assert any("cannot countersign their own" in p for p in routing.submission_problems(contract, staff))
