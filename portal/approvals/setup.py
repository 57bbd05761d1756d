"""Idempotent set-up (``setup_portal``): the approval tasks and the
workflows that record types are routed to (:data:`.routing.ROUTES`).

Names are stored in Simplified Chinese, like the role group names; code
refers to them through the constants below. Existing workflows keep the
tasks an administrator gave them; only missing ones are made. Countersigners
are not part of a task: each record names its own.
"""

from django.utils.translation import gettext as _
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from .models import CountersignTask, DepartmentHeadTask, LeadershipTask, MeetingChairTask
from .routing import CONTRACT, HEAD_ONLY, HEAD_THEN_LEADERSHIP, MEETING_CHAIR

HEAD_TASK = "部门负责人审批"
LEADERSHIP_TASK = "公司领导审批"
COUNTERSIGN_TASK = "会签"
CHAIR_TASK = "会议主持人审批"

WORKFLOWS = {
    HEAD_ONLY: [HEAD_TASK],
    HEAD_THEN_LEADERSHIP: [HEAD_TASK, LEADERSHIP_TASK],
    CONTRACT: [HEAD_TASK, COUNTERSIGN_TASK, LEADERSHIP_TASK],
    MEETING_CHAIR: [CHAIR_TASK],
}
# Wagtail's sample workflow (on the whole tree) for its sample groups, which
# setup_portal removes: left active it would route every page to nobody.
WAGTAIL_SAMPLE_WORKFLOW = "Moderators approval"


def _tasks():
    made = []
    head = DepartmentHeadTask.objects.filter(name=HEAD_TASK).first()
    if head is None:
        head = DepartmentHeadTask.objects.create(name=HEAD_TASK)
        made.append(head)
    leadership = LeadershipTask.objects.filter(name=LEADERSHIP_TASK).first()
    if leadership is None:
        leadership = LeadershipTask.objects.create(name=LEADERSHIP_TASK)
        made.append(leadership)
    countersign = CountersignTask.objects.filter(name=COUNTERSIGN_TASK).first()
    if countersign is None:
        countersign = CountersignTask.objects.create(name=COUNTERSIGN_TASK)
        made.append(countersign)
    chair = MeetingChairTask.objects.filter(name=CHAIR_TASK).first()
    if chair is None:
        chair = MeetingChairTask.objects.create(name=CHAIR_TASK)
        made.append(chair)
    tasks = {HEAD_TASK: head, LEADERSHIP_TASK: leadership, COUNTERSIGN_TASK: countersign, CHAIR_TASK: chair}
    return tasks, made


def _retire_sample_workflow():
    for workflow in Workflow.objects.filter(name=WAGTAIL_SAMPLE_WORKFLOW, active=True):
        tasks = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow)
        if not tasks.filter(groups__isnull=False).exists():
            workflow.deactivate()


def _default_workflow():
    """Where Wagtail's sample workflow was, on the whole tree: every page goes
    to its department's head unless its subtree is given another workflow."""
    root = Page.get_first_root_node()
    assigned = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    if root is not None and (assigned is None or not assigned.workflow.active):
        WorkflowPage.objects.update_or_create(
            page=root, defaults={"workflow": Workflow.objects.get(name=HEAD_ONLY)}
        )


def set_up_workflows():
    _retire_sample_workflow()
    tasks, made = _tasks()
    workflows = 0
    for name, task_names in WORKFLOWS.items():
        workflow, created = Workflow.objects.get_or_create(name=name)
        if not created:
            continue
        workflows += 1
        for order, task_name in enumerate(task_names):
            WorkflowTask.objects.create(workflow=workflow, task=tasks[task_name], sort_order=order)
    _default_workflow()
    if made or workflows:
        return _("Created %(tasks)s approval tasks and %(workflows)s workflows.") % {
            "tasks": len(made),
            "workflows": workflows,
        }
    return None
