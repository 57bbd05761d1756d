"""Demo 督办 (MTG-3): the Q4 trace-keeping meeting's decisions as follow-up
tasks — one overdue, one with an extension waiting for the chair (赵敏),
one completed and closed by the organiser (孙丽) — each action at the time
it would have been taken (``days_ago``)."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from registers.models import FollowUpTask
from registers.services import followup

from .models import MeetingPage

MEETING_SLUG = "q4-trace-keeping-meeting"

DECISIONS = (
    # (key, text, responsible, due in days from today)
    ("demo-1", "财务部在本月内完成2025年度会计凭证的整理和移交归档。", "qianfeng", -2),
    ("demo-2", "研发部梳理项目文件归档清单，报档案室审核。", "wuhao", 1),
    ("demo-3", "市场部补齐第三季度合同的审批留痕记录。", "chenjing", 5),
)


def seed(users, days_ago):
    meeting = MeetingPage.objects.filter(slug=MEETING_SLUG).first()
    if meeting is None or "zhaomin" not in users or "sunli" not in users:
        return
    today = timezone.localdate()
    tasks = list(FollowUpTask.objects.filter(meeting=meeting).order_by("pk")[:3])
    if not tasks:
        decisions = [
            SimpleNamespace(
                pk=key,
                text=text,
                department=None,
                responsible=users[username],
                due_on=today + datetime.timedelta(days=due),
            )
            for key, text, username, due in DECISIONS
        ]
        with days_ago(6):
            tasks = followup.open_tasks(meeting, users["sunli"], decisions)
    if len(tasks) < 3 or any(task.state != FollowUpTask.State.TODO for task in tasks):
        return  # fewer decisions, or already worked on: nothing to act out
    overdue, extended, closed = tasks
    with days_ago(5):
        followup.start(closed, closed.responsible)
    with days_ago(4):
        followup.report_progress(
            overdue,
            overdue.responsible,
            percent_done=40,
            problems="部分凭证尚在审计调整中，暂不能移交。",
            measures="已与审计部约定本周内完成调整。",
        )
        followup.report_progress(closed, closed.responsible, percent_done=60, measures="逐份核对合同审批单。")
    with days_ago(3):
        followup.report_progress(
            extended,
            extended.responsible,
            percent_done=30,
            problems="历史项目文件分散在个人电脑中，收集较慢。",
            measures="各项目经理分头收集，集中登记。",
        )
    with days_ago(2):
        followup.complete(closed, closed.responsible, note="第三季度合同审批记录已全部补齐并上传。")
    with days_ago(1):
        extended.refresh_from_db()
        followup.request_extension(
            extended,
            extended.responsible,
            new_due_on=max(extended.due_on, today) + datetime.timedelta(days=14),
            reason="历史项目较多，需要两周完成归档清单的核对。",
        )
        followup.close(closed, users["sunli"], opinion="经抽查十份合同，审批记录完整，同意关闭。")
