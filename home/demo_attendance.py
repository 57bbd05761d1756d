"""Demo notice and attendance for ``seed_demo``: the meeting held last week
had its notice circulated ten days ago, answers (one delegate, one decline)
and the paper sign-in sheet recorded by the archivist; the meeting coming up
has its notice out and some attendees still to answer. Everything goes
through the registers' services, so the trail reads like real use."""

from django.core.files.base import ContentFile

from registers.models import MeetingAttendance
from registers.services import meetings as attendance

from .models import MeetingPage

Response = MeetingAttendance.Response
SHEET = "2026年第四季度留痕工作推进会 签到表（扫描件）\n赵敏 孙丽 何梅 钱峰 林芳（代陈静） 郭云\n"


def _row(meeting, user):
    return MeetingAttendance.objects.get(page=meeting, attendee=user)


def seed(users, days_ago):
    """``days_ago(n)`` travels back ``n`` days while a record is made."""
    held = MeetingPage.objects.live().filter(slug="q4-trace-keeping-meeting").first()
    upcoming = MeetingPage.objects.live().filter(slug="portal-phase-two-review").first()
    if held is not None:
        _seed_held(held, users, days_ago)
    if upcoming is not None:
        _seed_upcoming(upcoming, users)


def _seed_held(meeting, users, days_ago):
    with days_ago(10):
        attendance.send_notice(
            meeting, users["sunli"], instruction="请各部门负责人准时参会，并于会前确认是否参加。"
        )
    with days_ago(9):
        for username in ("zhaomin", "hemei", "qianfeng", "guoyun"):
            attendance.respond(_row(meeting, users[username]), users[username], Response.ATTEND)
        attendance.respond(
            _row(meeting, users["chenjing"]),
            users["chenjing"],
            Response.DELEGATE,
            delegate=users["linfang"],
            reason="当天赴重点客户现场洽谈，委派客户经理林芳参会并传达会议要求。",
        )
    with days_ago(8):
        attendance.respond(
            _row(meeting, users["wuhao"]),
            users["wuhao"],
            Response.DECLINE,
            reason="同日主持留痕门户二期需求评审，研发部书面报送进展材料。",
        )
        attendance.respond(_row(meeting, users["sunli"]), users["sunli"], Response.ATTEND)
    with days_ago(6):
        signed = [
            _row(meeting, users[name])
            for name in ("zhaomin", "sunli", "hemei", "qianfeng", "chenjing", "guoyun")
        ]
        attendance.record_paper_sign_in(
            meeting,
            users["hemei"],
            sheet=ContentFile(SHEET.encode(), name="q4-meeting-sign-in-sheet.txt"),
            signed=signed,
        )


def _seed_upcoming(meeting, users):
    attendance.send_notice(
        meeting, users["zhengyu"], instruction="请审阅二期需求材料后参会，并确认是否参加。"
    )
    for username in ("wuhao", "xuqiang"):
        attendance.respond(_row(meeting, users[username]), users[username], Response.ATTEND)
    # zhaomin and qianfeng have not answered: the notice is in their inbox.
