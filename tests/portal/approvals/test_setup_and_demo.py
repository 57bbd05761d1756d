"""``setup_portal``'s approval step and the approval demo."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowState

from portal.approvals.models import (
    ApprovalOpinion,
    CountersignTask,
    DepartmentHeadTask,
    LeadershipTask,
    Opinion,
)
from portal.approvals.setup import CONTRACT, COUNTERSIGN_TASK, HEAD_ONLY, HEAD_THEN_LEADERSHIP

pytestmark = pytest.mark.django_db


def tasks_of(name):
    return [(type(t), t.name) for t in Workflow.objects.get(name=name).tasks.specific()]


def test_setup_creates_the_workflows_idempotently(portal_setup):
    assert tasks_of(HEAD_ONLY) == [(DepartmentHeadTask, "部门负责人审批")]
    assert tasks_of(HEAD_THEN_LEADERSHIP) == [
        (DepartmentHeadTask, "部门负责人审批"),
        (LeadershipTask, "公司领导审批"),
    ]
    assert tasks_of(CONTRACT) == [
        (DepartmentHeadTask, "部门负责人审批"),
        (CountersignTask, COUNTERSIGN_TASK),
        (LeadershipTask, "公司领导审批"),
    ]
    call_command("setup_portal", verbosity=0)
    assert Workflow.objects.filter(name__in=[HEAD_ONLY, HEAD_THEN_LEADERSHIP, CONTRACT]).count() == 3
    assert CountersignTask.objects.count() == 1 and DepartmentHeadTask.objects.count() == 1
    # Wagtail's sample workflow for its removed sample groups routes nothing.
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_the_demo_puts_pages_through_every_path():
    call_command("seed_demo", verbosity=0)
    topics = Page.objects.filter(depth=4, workflowpage__isnull=False)
    assigned = set(WorkflowPage.objects.values_list("workflow__name", flat=True))
    assert assigned == {HEAD_ONLY, HEAD_THEN_LEADERSHIP}
    assert topics.count() == 2 * Page.objects.filter(depth=3, numchild__gt=0).count()

    def state(title):
        return WorkflowState.objects.for_instance(Page.objects.get(title=title)).get()

    assert state("研发部门值班安排").status == WorkflowState.STATUS_APPROVED
    assert state("2026年第一季度市场活动计划").status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state("会议室使用安排").status == WorkflowState.STATUS_CANCELLED
    waiting = state("2026年度预算编制说明")
    assert waiting.status == WorkflowState.STATUS_IN_PROGRESS
    assert waiting.current_task_state.task.name == "公司领导审批"
    assert ApprovalOpinion.objects.filter(opinion=Opinion.DISAGREE).count() == 1
