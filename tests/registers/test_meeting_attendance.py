"""Meeting notice and attendance (MTG-1): the notice is a circulation of the
meeting to everyone it names; attendees confirm, decline or send a delegate
with a reason; they sign in on the day or an archivist records the paper
sheet. Each action is one trail event; the attendance is read by those who
read the meeting."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from home.factories import MeetingPageFactory, SectionPageFactory
from portal.access import rules
from portal.access.levels import Level
from portal.access.rules import Action
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.inbox import PendingItem
from registers import pending
from registers.models import Circulation, CirculationReceipt, MeetingAttendance
from registers.services import meetings as service
from tests.trail_events import business_events, named

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_staff(portal_setup, other_department):
    return UserFactory(
        roles=[Role.STAFF], department=other_department, display_name="周晴", username="zhouqing"
    )


@pytest.fixture
def finance_colleague(portal_setup, other_department):
    return UserFactory(
        roles=[Role.STAFF], department=other_department, display_name="林芳", username="linfang"
    )


@pytest.fixture
def colleague(portal_setup, department):
    return UserFactory(roles=[Role.STAFF], department=department, display_name="李娜", username="lina")


@pytest.fixture
def meeting(home_page, department, department_head, staff, archivist, finance_staff):
    folder = SectionPageFactory(parent=home_page, title="会议", slug="meetings", department=department)
    return MeetingPageFactory(
        parent=folder,
        department=department,
        owner=staff,
        confidentiality=Level.INTERNAL,
        title="2026年第四季度留痕工作推进会",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
        chair=department_head,
        organiser=staff,
        minute_taker=archivist,
        attendees=[finance_staff],
    )


def _row(meeting, user):
    return MeetingAttendance.objects.get(page=meeting, attendee=user)


def _sent(meeting, staff):
    return service.send_notice(meeting, staff, instruction="请准时参会。")


# --- The notice -------------------------------------------------------------------


def test_the_notice_is_a_circulation_with_a_receipt_and_attendance_row_for_everyone_named(
    meeting, staff, department_head, archivist, finance_staff, mailoutbox
):
    with business_events() as events:
        notice = _sent(meeting, staff)

    assert Circulation.objects.get() == notice
    assert notice.kind == Circulation.Kind.ACTION and notice.instruction == "请准时参会。"
    assert notice.deadline == meeting.starts_at  # reply by the meeting's start
    people = {staff, department_head, archivist, finance_staff}
    assert {r.recipient for r in CirculationReceipt.objects.filter(circulation=notice)} == people
    rows = MeetingAttendance.objects.filter(page=meeting)
    assert {r.attendee for r in rows} == people
    assert {r.response for r in rows} == {MeetingAttendance.Response.PENDING}
    assert all(r.reply_by == meeting.starts_at and r.notice == notice for r in rows)
    assert len(mailoutbox) == 4

    [event] = events
    assert event.action == "meeting.notice"
    kinds = {source_type for source_type, _id in named(event)}
    assert kinds == {"reversion.version"}
    assert len(named(event)) == 1 + 4 + 4  # the circulation, its receipts, the attendance rows
    assert [step["action"] for step in event.details["steps"]] == ["circulation.send"]


def test_the_organiser_sends_the_notice_from_the_page_an_attendee_may_not(
    meeting, staff, finance_staff, verified_client
):
    url = reverse("registers:meeting_notice", args=[meeting.pk])
    assert verified_client(finance_staff).post(url, {"instruction": "x"}).status_code == 403
    assert url in verified_client(staff).get(meeting.url).content.decode()
    html = verified_client(finance_staff).get(meeting.url).content.decode()
    assert url not in html and "尚未发送会议通知" in html
    assert not MeetingAttendance.objects.exists()

    response = verified_client(staff).post(url, {"instruction": "请准时参会。", "reply_by": ""}, follow=True)
    assert "会议通知已发送给 4 人" in response.content.decode()
    assert MeetingAttendance.objects.filter(page=meeting).count() == 4


def test_a_reply_deadline_after_the_meeting_starts_is_refused(meeting, staff):
    with pytest.raises(ValidationError) as error:
        service.send_notice(meeting, staff, reply_by=meeting.starts_at + datetime.timedelta(hours=1))
    assert "答复截止" in " ".join(error.value.messages)
    assert not Circulation.objects.exists() and not MeetingAttendance.objects.exists()


# --- Answers ----------------------------------------------------------------------


def test_an_attendee_confirms_in_one_event_naming_the_version(meeting, staff, finance_staff):
    _sent(meeting, staff)
    row = _row(meeting, finance_staff)
    with business_events() as events:
        service.respond(row, finance_staff, MeetingAttendance.Response.ATTEND)
    row.refresh_from_db()
    assert row.response == MeetingAttendance.Response.ATTEND and row.responded_at is not None
    [event] = events
    assert event.action == "meeting.respond" and len(named(event)) == 1
    assert event.action_label == "已答复会议出席"


def test_declining_needs_a_reason_naming_the_field_and_saves_nothing_without_it(
    meeting, staff, finance_staff
):
    _sent(meeting, staff)
    row = _row(meeting, finance_staff)
    with business_events() as events, pytest.raises(ValidationError) as error:
        service.respond(row, finance_staff, MeetingAttendance.Response.DECLINE, reason="  ")
    assert "理由" in " ".join(error.value.messages)
    assert events == []
    assert _row(meeting, finance_staff).response == MeetingAttendance.Response.PENDING

    service.respond(row, finance_staff, MeetingAttendance.Response.DECLINE, reason="出差在外")
    assert _row(meeting, finance_staff).reason == "出差在外"


def test_a_delegate_needs_a_name_and_a_reason_and_reads_the_meeting_while_delegated(
    meeting, staff, finance_staff, finance_colleague, verified_client
):
    _sent(meeting, staff)
    row = _row(meeting, finance_staff)
    Delegate = MeetingAttendance.Response.DELEGATE
    with pytest.raises(ValidationError) as error:
        service.respond(row, finance_staff, Delegate, reason="另有公务")
    assert "委派代表" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        service.respond(row, finance_staff, Delegate, delegate=finance_colleague)
    assert "理由" in " ".join(error.value.messages)
    auditor = UserFactory(roles=[Role.EXTERNAL_AUDITOR], department=None, display_name="黄慎")
    with pytest.raises(ValidationError) as error:
        service.respond(row, finance_staff, Delegate, delegate=auditor, reason="另有公务")
    assert "委派代表" in " ".join(error.value.messages) and "黄慎" in " ".join(error.value.messages)
    assert not rules.can(finance_colleague, Action.VIEW, meeting)

    with business_events() as events:
        service.respond(row, finance_staff, Delegate, delegate=finance_colleague, reason="另有公务")
    assert [e.action for e in events] == ["meeting.respond"]
    row = _row(meeting, finance_staff)
    assert row.delegate == finance_colleague and row.reason == "另有公务"
    # The delegate is a participant of the attendance row, and the meeting names them:
    # they read the meeting (the page and its attendance) while they are its delegate.
    assert list(row.participants.all()) == [finance_colleague]
    assert rules.can(finance_colleague, Action.VIEW, meeting)
    assert verified_client(finance_colleague).get(meeting.url).status_code == 200
    assert service.attendance_of(meeting, finance_colleague).count() == 4

    # Confirming afterwards takes the delegate off, and their reading with it.
    service.respond(row, finance_staff, MeetingAttendance.Response.ATTEND)
    row = _row(meeting, finance_staff)
    assert row.delegate is None and row.reason == "" and not row.participants.exists()
    assert not rules.can(finance_colleague, Action.VIEW, meeting)


def test_only_the_attendee_answers_and_not_after_the_meeting_started(meeting, staff, finance_staff):
    _sent(meeting, staff)
    row = _row(meeting, finance_staff)
    with pytest.raises(PermissionDenied):
        service.respond(row, staff, MeetingAttendance.Response.ATTEND)
    with (
        time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=5)),
        pytest.raises(ValidationError) as error,
    ):
        service.respond(row, finance_staff, MeetingAttendance.Response.ATTEND)
    assert "会议已开始" in " ".join(error.value.messages)


def test_the_page_shows_who_confirmed_declined_delegated_and_did_not_answer(
    meeting, staff, department_head, archivist, colleague, finance_staff, verified_client
):
    _sent(meeting, staff)
    service.respond(_row(meeting, finance_staff), finance_staff, MeetingAttendance.Response.ATTEND)
    service.respond(
        _row(meeting, archivist), archivist, MeetingAttendance.Response.DECLINE, reason="外出培训"
    )
    service.respond(
        _row(meeting, staff),
        staff,
        MeetingAttendance.Response.DELEGATE,
        delegate=colleague,
        reason="另有公务",
    )
    html = verified_client(department_head).get(meeting.url).content.decode()
    section = html[html.index('id="meeting-attendance"') :]
    assert "参加（1）" in section and "周晴" in section
    assert "不参加（1）" in section and "外出培训" in section
    assert "委派代表（1）" in section and "代表：李娜" in section and "另有公务" in section
    assert "未答复（1）" in section and "赵敏" in section


def test_an_attendee_answers_from_the_page_with_a_message_back(
    meeting, staff, finance_staff, verified_client
):
    _sent(meeting, staff)
    row = _row(meeting, finance_staff)
    client = verified_client(finance_staff)
    url = reverse("registers:meeting_respond", args=[row.pk])
    response = client.post(url, {"response": "decline", "reason": ""}, follow=True)
    assert "理由" in response.content.decode()
    response = client.post(url, {"response": "decline", "reason": "出差"}, follow=True)
    assert "您对会议通知的答复已记录" in response.content.decode()
    assert _row(meeting, finance_staff).response == MeetingAttendance.Response.DECLINE


# --- Who reads the attendance -------------------------------------------------------


def test_a_reader_of_the_meeting_reads_its_attendance_a_non_attendee_does_not(
    meeting, staff, finance_staff, finance_colleague, colleague, verified_client
):
    _sent(meeting, staff)
    service.respond(
        _row(meeting, finance_staff), finance_staff, MeetingAttendance.Response.DECLINE, reason="出差"
    )
    row = _row(meeting, staff)
    # The attendee of another department is named on the meeting; their colleague is not.
    assert rules.can(finance_staff, Action.VIEW, row)
    assert not rules.can(finance_colleague, Action.VIEW, row)
    assert not service.attendance_of(meeting, finance_colleague).exists()
    assert service.attendance_of(meeting, finance_staff).count() == 4
    assert verified_client(finance_colleague).get(meeting.url).status_code in (403, 404)

    history = reverse("record_history", args=[meeting.pk])
    assert "出差" in verified_client(staff).get(history).content.decode()


# --- Inbox ----------------------------------------------------------------------------


def test_the_inbox_asks_an_attendee_to_answer_by_the_deadline_until_they_do(meeting, staff, finance_staff):
    _sent(meeting, staff)
    [item] = pending.meetings_to_answer(finance_staff)
    assert item.kind == PendingItem.CONFIRM and item.title == meeting.title
    assert item.due == meeting.starts_at
    assert item.actions_context["url"] == reverse(
        "registers:meeting_respond", args=[_row(meeting, finance_staff).pk]
    )
    service.respond(_row(meeting, finance_staff), finance_staff, MeetingAttendance.Response.ATTEND)
    assert pending.meetings_to_answer(finance_staff) == []


def test_the_inbox_offers_the_answer_inline_and_the_sign_in_on_the_day(
    meeting, staff, finance_staff, verified_client
):
    _sent(meeting, staff)
    client = verified_client(finance_staff)
    html = client.get(reverse("inbox:index")).content.decode()
    url = reverse("registers:meeting_respond", args=[_row(meeting, finance_staff).pk])
    assert meeting.title in html and url in html
    response = client.post(url, {"response": "attend", "next": reverse("inbox:index")})
    assert response.status_code == 302 and response["Location"] == reverse("inbox:index")
    assert _row(meeting, finance_staff).response == MeetingAttendance.Response.ATTEND
    assert pending.meetings_to_answer(finance_staff) == []
    with time_machine.travel(meeting.starts_at - datetime.timedelta(minutes=10)):
        [item] = pending.meetings_to_answer(finance_staff)
        assert item.actions_context["action"] == "check_in"


# --- Signing in ------------------------------------------------------------------


def test_an_attendee_signs_in_on_the_day_once_in_one_event(meeting, staff, finance_staff, verified_client):
    _sent(meeting, staff)
    row = _row(meeting, finance_staff)
    with pytest.raises(ValidationError) as error:
        service.check_in(row, finance_staff)
    assert "签到" in " ".join(error.value.messages)
    with time_machine.travel(meeting.starts_at - datetime.timedelta(minutes=10)):
        client = verified_client(finance_staff)
        with business_events() as events:
            response = client.post(reverse("registers:meeting_check_in", args=[row.pk]))
        assert "签到成功" in client.get(response["Location"]).content.decode()
        assert [e.action for e in events] == ["meeting.check_in"]
        assert len(named(events[0])) == 1
        row.refresh_from_db()
        assert row.check_in_method == MeetingAttendance.CheckIn.SELF and row.checked_in_at is not None
        with pytest.raises(ValidationError):
            service.check_in(row, finance_staff)


def test_a_delegate_signs_in_for_the_attendee(meeting, staff, colleague):
    _sent(meeting, staff)
    row = _row(meeting, staff)
    service.respond(row, staff, MeetingAttendance.Response.DELEGATE, delegate=colleague, reason="另有公务")
    with time_machine.travel(meeting.starts_at):
        service.check_in(row, colleague)
    row.refresh_from_db()
    assert row.checked_in_at is not None


def test_an_archivist_records_the_paper_sheet_in_one_event(
    meeting, staff, archivist, department_head, finance_staff, verified_client
):
    _sent(meeting, staff)
    signed = [_row(meeting, finance_staff), _row(meeting, department_head)]
    with pytest.raises(PermissionDenied):  # before the meeting
        service.record_paper_sign_in(meeting, archivist, sheet=_scan(), signed=signed)
    with time_machine.travel(meeting.ends_at + datetime.timedelta(hours=1)):
        with pytest.raises(PermissionDenied):
            service.record_paper_sign_in(meeting, staff, sheet=_scan(), signed=signed)
        client = verified_client(archivist)
        url = reverse("registers:meeting_paper_sign_in", args=[meeting.pk])
        response = client.post(url, {"signed": [r.pk for r in signed]})
        assert "纸质签到表：请上传签到表扫描件" in response.content.decode()
        with business_events() as events:
            response = client.post(url, {"sheet": _scan(), "signed": [r.pk for r in signed]})
        assert "已记录 2 人的纸质签到" in client.get(response["Location"]).content.decode()
    [event] = events
    assert event.action == "meeting.paper_sign_in"
    assert len([n for n in named(event) if n[0] == "reversion.version"]) == 2
    for row in signed:
        row.refresh_from_db()
        assert row.check_in_method == MeetingAttendance.CheckIn.PAPER and row.recorded_by == archivist
        assert row.paper_sheet is not None and row.checked_in_at == meeting.starts_at
    assert signed[0].paper_sheet.department == meeting.department
    html = verified_client(department_head).get(meeting.url).content.decode()
    assert "已签到（2）" in html and "纸质签到表" in html


def _scan():
    return SimpleUploadedFile("sign-in.pdf", b"%PDF-1.4 sign-in sheet", content_type="application/pdf")
