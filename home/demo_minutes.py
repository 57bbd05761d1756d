"""Demo minutes for ``seed_demo``: the minutes of last week's 留痕工作推进会,
drafted by its minute-taker and approved by its chair, with three
resolutions — two already past their due date, one still ahead."""

import datetime

from django.utils import timezone

from .factories import MeetingMinutesPageFactory
from .models import MeetingMinutesPage, MeetingPage, MinutesDecision, MinutesItem

MEETING_SLUG = "q4-trace-keeping-meeting"


def _due(days_from_today):
    return timezone.localdate() + datetime.timedelta(days=days_from_today)


def seed(users, days_ago):
    """``days_ago(n)`` travels back ``n`` days while a record is made."""
    from portal.approvals import demo as approvals
    from portal.approvals.models.tasks import APPROVE
    from portal.approvals.routing import MEETING_CHAIR

    meeting = MeetingPage.objects.filter(slug=MEETING_SLUG).first()
    if meeting is None or MeetingMinutesPage.objects.child_of(meeting).exists():
        return
    agenda = list(meeting.agenda_items.all())
    archive = users["hemei"].department
    admin_office = meeting.department
    # Due dates from today, before the clock travels back.
    due = {"report": _due(-5), "scan": _due(-3), "self_check": _due(21)}
    with days_ago(7):
        minutes = MeetingMinutesPageFactory(
            parent=meeting,
            department=admin_office,
            confidentiality=meeting.confidentiality,
            owner=users["hemei"],
            title="2026年第四季度留痕工作推进会会议纪要",
            slug="q4-trace-keeping-minutes",
            summary="会议由赵敏主持，通报了第三季度留痕考核结果，部署了第四季度专项检查和档案集中整理工作。",
            items=[
                MinutesItem(
                    agenda_item=agenda[0],
                    discussion="孙丽通报第三季度留痕考核结果：九个部门达标，两个部门审批意见缺失较多。",
                    key_points="审批意见须逐级填写，不得以口头意见代替。",
                ),
                MinutesItem(
                    agenda_item=agenda[1],
                    discussion="何梅汇报档案数字化进度：已完成2024年度文书档案扫描，2025年度进度滞后约两周。",
                    key_points="扫描件须附固定性校验值，原件按档号入库。",
                ),
                MinutesItem(
                    agenda_item=agenda[2],
                    discussion="赵敏说明第四季度专项检查安排，各部门对检查范围提出意见。",
                    key_points="检查分两批进行，先自查后抽查。",
                ),
                MinutesItem(
                    agenda_item=agenda[3],
                    discussion="郭云说明会议纪要归档要求。",
                    key_points="会议纪要经主持人审批后归档，录音录像须取得参会人员同意。",
                ),
            ],
            decisions=[
                MinutesDecision(
                    agenda_item=agenda[0],
                    text="审批意见缺失较多的部门提交整改说明。",
                    department=admin_office,
                    responsible=users["sunli"],
                    due_on=due["report"],
                ),
                MinutesDecision(
                    agenda_item=agenda[1],
                    text="完成2025年度文书档案扫描并补录固定性校验值。",
                    department=archive,
                    responsible=users["hemei"],
                    due_on=due["scan"],
                ),
                MinutesDecision(
                    agenda_item=agenda[2],
                    text="各部门完成第四季度留痕工作自查并提交自查报告。",
                    department=admin_office,
                    responsible=users["zhaomin"],
                    due_on=due["self_check"],
                ),
            ],
            live=False,
            publish=False,
        )
        approvals.submit(minutes, users["hemei"], MEETING_CHAIR)
    with days_ago(5):
        approvals.act(minutes, users["zhaomin"], APPROVE, "同意，请按决议督办。")
