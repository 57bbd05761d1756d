"""Demo approvals for ``seed_demo`` (the ``liuhen_seed_demo`` hook), and the
two functions other demo code uses to put its pages through a workflow:
:func:`submit` and :func:`act`.

Each department's first topic section (制度, Policies) gets the workflow
department head → leadership, its second (文件, Documents) department head
only; the topic sections are those ``home`` seeds, found by their place in
the tree (``portal`` does not import ``home``).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page, Workflow, WorkflowPage

from .models.tasks import APPROVE, REJECT, REQUEST_CHANGES
from .setup import HEAD_ONLY, HEAD_THEN_LEADERSHIP

User = get_user_model()

# (title, drafter, workflow, [(approver, action, text)])
PATHS = [
    ("研发部门值班安排", "zhengyu", HEAD_ONLY, [("wuhao", APPROVE, "同意。")]),
    (
        "2026年第一季度市场活动计划",
        "linfang",
        HEAD_ONLY,
        [("chenjing", REQUEST_CHANGES, "请补充各项活动的预算明细和负责人。")],
    ),
    (
        "会议室使用安排",
        "sunli",
        HEAD_THEN_LEADERSHIP,
        [
            ("zhaomin", APPROVE, "同意，报公司领导审批。"),
            ("wangjianguo", REJECT, "与现行行政管理制度重复，不予发布。"),
        ],
    ),
    (
        "2026年度预算编制说明",
        "zhouqing",
        HEAD_THEN_LEADERSHIP,
        [("qianfeng", APPROVE, "同意，请公司领导审批。")],
    ),
]


@transaction.atomic
def submit(page, user, workflow_name):
    """Save the page's current content as a revision by ``user`` and start
    the workflow named ``workflow_name`` on it; returns the workflow state."""
    page = page.specific
    page.save_revision(user=user, log_action=True)
    return Workflow.objects.get(name=workflow_name).start(page, user)


@transaction.atomic
def act(page, user, action, text=""):
    """``user`` takes ``action`` (approve, request_changes, reject) on the
    step the page awaits, as through the admin."""
    page = Page.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    if task_state is None:
        raise ValueError(f"{page} awaits no approval")
    return task_state.task.specific.on_action(task_state, user, action, text=text)


def assign_workflows():
    """Policies: head → leadership; Documents: head only, in every department."""
    head_only = Workflow.objects.get(name=HEAD_ONLY)
    head_then_leadership = Workflow.objects.get(name=HEAD_THEN_LEADERSHIP)
    for section in Page.objects.filter(depth=3):
        topics = list(section.get_children().order_by("path")[:2])
        for topic, workflow in zip(topics, (head_then_leadership, head_only), strict=False):
            WorkflowPage.objects.update_or_create(page=topic, defaults={"workflow": workflow})


def seed_demo(seed):
    assign_workflows()
    users = {user.username: user for user in User.objects.filter(username__in=_usernames())}
    for title, drafter, workflow, steps in PATHS:
        page = Page.objects.filter(title=title).first()
        if page is None:
            continue
        submit(page, users[drafter], workflow)
        for approver, action, text in steps:
            act(page, users[approver], action, text)


def _usernames():
    names = {drafter for _title, drafter, _workflow, _steps in PATHS}
    return names | {approver for *_rest, steps in PATHS for approver, _action, _text in steps}
