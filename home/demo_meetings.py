"""Demo meetings for ``seed_demo``: one held last week in the administration
office's 会议 section, one coming up in R&D's, each approved through its
department's route."""

import datetime

from django.utils import timezone

from portal.access.levels import Level
from portal.accounts.models import Department

from .factories import MeetingPageFactory
from .models import MeetingAgendaItem, MeetingExternalAttendee

MEETINGS_TOPIC = 2  # the 会议 sub-section of every department (home.demo.TOPICS)


def _at(days_from_today, hour, minute=0):
    day = timezone.localdate() + datetime.timedelta(days=days_from_today)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _agenda(users, items):
    return [
        MeetingAgendaItem(topic=topic, presenter=users[username], planned_minutes=minutes)
        for topic, username, minutes in items
    ]


def seed(folders, users, days_ago):
    """``days_ago(n)`` travels back ``n`` days while a record is made."""
    from portal.approvals import demo as approvals
    from portal.approvals.models.tasks import APPROVE
    from portal.approvals.routing import HEAD_ONLY

    admin_office = Department.objects.get(code="行")
    # Times from today, not from the travelled clock: held a week ago, coming in five days.
    held, coming = (_at(-7, 9, 30), _at(-7, 11, 30)), (_at(5, 14), _at(5, 16))
    with days_ago(12):
        review = MeetingPageFactory(
            parent=folders[("行", MEETINGS_TOPIC)],
            department=admin_office,
            confidentiality=Level.INTERNAL,
            owner=users["sunli"],
            title="2026年第四季度留痕工作推进会",
            slug="q4-trace-keeping-meeting",
            purpose="通报各部门留痕工作进展，部署第四季度专项检查和档案集中整理。",
            starts_at=held[0],
            ends_at=held[1],
            place="行政楼三楼第一会议室",
            chair=users["zhaomin"],
            organiser=users["sunli"],
            minute_taker=users["hemei"],
            attendees=[users["qianfeng"], users["wuhao"], users["chenjing"], users["guoyun"]],
            external_attendees=[MeetingExternalAttendee(name="李明", organisation="北京明理律师事务所")],
            agenda_items=_agenda(
                users,
                [
                    ("第三季度留痕考核结果通报", "sunli", 20),
                    ("档案数字化进度", "hemei", 30),
                    ("第四季度专项检查安排", "zhaomin", 40),
                    ("会议纪要归档要求", "guoyun", 20),
                ],
            ),
            live=False,
            publish=False,
        )
        approvals.submit(review, users["sunli"], HEAD_ONLY)
    with days_ago(11):
        approvals.act(review, users["zhaomin"], APPROVE, "同意召开。")

    with days_ago(2):
        project_review = MeetingPageFactory(
            parent=folders[("技", MEETINGS_TOPIC)],
            department=Department.objects.get(code="技"),
            confidentiality=Level.INTERNAL,
            owner=users["zhengyu"],
            title="留痕门户二期项目评审会",
            slug="portal-phase-two-review",
            purpose="评审留痕门户二期的需求范围、进度计划和验收标准。",
            starts_at=coming[0],
            ends_at=coming[1],
            place="研发中心二楼评审室",
            video_link="https://meeting.example.com/j/2026-portal-review",
            chair=users["wuhao"],
            organiser=users["zhengyu"],
            minute_taker=users["zhengyu"],
            attendees=[users["xuqiang"], users["zhaomin"], users["qianfeng"]],
            agenda_items=_agenda(
                users,
                [
                    ("二期需求范围说明", "zhengyu", 30),
                    ("进度计划与里程碑", "wuhao", 30),
                    ("验收标准讨论", "xuqiang", 45),
                ],
            ),
            live=False,
            publish=False,
        )
        approvals.submit(project_review, users["zhengyu"], HEAD_ONLY)
    with days_ago(1):
        approvals.act(project_review, users["wuhao"], APPROVE, "同意。")
