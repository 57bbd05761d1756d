"""Meeting minutes (MTG-2): one per meeting, made in the admin with items per
agenda item and decisions; a decision without its responsible person or due
date and a recording without every attendee's consent are refused; the
meeting's chair approves (others cannot; the department's heads stand in
when the chair cannot); approved minutes change only through a correction
with a reason, approved again; the page shows the approval and corrections."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.factories import MeetingMinutesPageFactory, MeetingPageFactory, SectionPageFactory
from home.models import (
    MeetingAgendaItem,
    MeetingExternalAttendee,
    MeetingMinutesPage,
    MinutesDecision,
    MinutesItem,
    MinutesRecordingConsent,
)
from portal.access.levels import Level
from portal.access.models import RecordDocument
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.approvals import demo as approvals
from portal.approvals import routing
from portal.approvals.models.tasks import APPROVE

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# A meeting in three days: its resolutions fall due after today.
MEETING_DAY = timezone.localdate() + datetime.timedelta(days=3)
DUE = (MEETING_DAY + datetime.timedelta(days=10)).isoformat()


@pytest.fixture
def finance_staff(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="周晴")


@pytest.fixture
def meeting(section, department, department_head, staff, archivist, finance_staff):
    meetings = SectionPageFactory(parent=section, title="会议", slug="meetings", department=department)
    return MeetingPageFactory(
        parent=meetings,
        department=department,
        owner=staff,
        confidentiality=Level.INTERNAL,
        title="2026年第四季度留痕工作推进会",
        slug="q4-meeting",
        starts_at=datetime.datetime.combine(MEETING_DAY, datetime.time(9, 30), SHANGHAI),
        ends_at=datetime.datetime.combine(MEETING_DAY, datetime.time(11, 0), SHANGHAI),
        chair=department_head,
        organiser=staff,
        minute_taker=archivist,
        attendees=[finance_staff],
        agenda_items=[
            MeetingAgendaItem(topic="档案数字化进度通报", presenter=staff, planned_minutes=30),
            MeetingAgendaItem(topic="第四季度检查安排", presenter=department_head, planned_minutes=45),
        ],
        external_attendees=[MeetingExternalAttendee(name="李明", organisation="北京明理律师事务所")],
    )


def _minutes(meeting, owner, **kwargs):
    agenda = list(meeting.agenda_items.all())
    params = {
        "parent": meeting,
        "department": meeting.department,
        "confidentiality": Level.INTERNAL,
        "owner": owner,
        "title": "第四季度留痕工作推进会会议纪要",
        "slug": "minutes",
        "live": False,
        "publish": False,
        "items": [
            MinutesItem(agenda_item=agenda[0], discussion="各部门通报进度。", key_points="进度滞后两周。")
        ],
        "decisions": [
            MinutesDecision(
                agenda_item=agenda[0],
                text="十二月底前完成档案数字化。",
                department=meeting.department,
                responsible=meeting.organiser,
                due_on=MEETING_DAY + datetime.timedelta(days=20),
            )
        ],
    }
    return MeetingMinutesPageFactory(**(params | kwargs))


def _approved(meeting, drafter):
    minutes = _minutes(meeting, drafter)
    approvals.submit(minutes, drafter, routing.MEETING_CHAIR)
    approvals.act(minutes, meeting.chair, APPROVE, "同意。")
    minutes.refresh_from_db()
    return minutes


def _recording(department):
    document = RecordDocument(title="会议录音", department=department)
    document.file.save("meeting.mp3", ContentFile(b"ID3 audio"), save=False)
    document.save()
    return document


def _form_data(meeting, decisions=None, consents=(), recordings=(), **fields):
    agenda = list(meeting.agenda_items.all())
    if decisions is None:
        decisions = [
            {
                "agenda_item": agenda[1].pk,
                "text": "各部门十二月二十日前完成自查。",
                "department": meeting.department_id,
                "responsible": meeting.organiser_id,
                "due_on": DUE,
            }
        ]
    data = nested_form_data(
        {
            "title": "第四季度留痕工作推进会会议纪要",
            "slug": "q4-minutes",
            "correction_reason": "",
            "summary": "会议部署了第四季度留痕工作。",
            "department": meeting.department_id,
            "confidentiality": Level.INTERNAL,
            "confidentiality_term": "",
            "items": inline_formset(
                [
                    {"agenda_item": agenda[0].pk, "discussion": "通报进度。", "key_points": "滞后两周。"},
                    {
                        "agenda_item": agenda[1].pk,
                        "discussion": "讨论检查安排。",
                        "key_points": "分两批检查。",
                    },
                ]
            ),
            "decisions": inline_formset(decisions),
            "recording_consents": inline_formset(list(consents)),
            "recordings": streamfield([("recording", {"document": d.pk, "note": ""}) for d in recordings]),
        }
    )
    data |= {"attachments-count": 0}
    data.update(fields)
    return data


def _add_url(meeting):
    return f"/admin/pages/add/home/meetingminutespage/{meeting.pk}/"


def test_minutes_are_made_in_the_admin_under_their_meeting_once(meeting, department_head, verified_client):
    client = verified_client(department_head)
    assert client.get(_add_url(meeting)).status_code == 200
    response = client.post(_add_url(meeting), _form_data(meeting))
    assert response.status_code == 302, response.content.decode()[:3000]
    minutes = MeetingMinutesPage.objects.get(slug="q4-minutes")
    assert minutes.get_parent().pk == meeting.pk
    assert [str(item) for item in minutes.items.all()] == ["档案数字化进度通报", "第四季度检查安排"]
    decision = minutes.decisions.get()
    assert (decision.responsible, decision.due_on) == (meeting.organiser, datetime.date.fromisoformat(DUE))
    # One minutes page per meeting.
    meeting.refresh_from_db()
    assert not MeetingMinutesPage.can_create_at(meeting)


def test_an_agenda_item_of_another_meeting_is_refused(meeting, department_head, verified_client):
    other = MeetingPageFactory(
        parent=meeting.get_parent(),
        department=meeting.department,
        agenda_items=[MeetingAgendaItem(topic="其他会议议题", planned_minutes=10)],
    )
    foreign = other.agenda_items.get()
    client = verified_client(department_head)
    assert "其他会议议题" not in client.get(_add_url(meeting)).content.decode()
    data = _form_data(meeting) | {"items-0-agenda_item": foreign.pk}
    response = client.post(_add_url(meeting), data)
    assert response.status_code == 200
    assert not MeetingMinutesPage.objects.exists()


@pytest.mark.parametrize(
    "missing, message",
    [
        ("responsible", "第1项决议：请填写责任人。"),
        ("due_on", "第1项决议：请填写完成期限。"),
        ("department", "第1项决议：请填写责任部门。"),
    ],
)
def test_a_decision_without_its_responsible_person_or_due_date_is_refused(
    missing, message, meeting, department_head, verified_client
):
    decision = {
        "agenda_item": "",
        "text": "各部门十二月二十日前完成自查。",
        "department": meeting.department_id,
        "responsible": meeting.organiser_id,
        "due_on": DUE,
    } | {missing: ""}
    response = verified_client(department_head).post(_add_url(meeting), _form_data(meeting, [decision]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MeetingMinutesPage.objects.exists() and not MinutesDecision.objects.exists()
    assert not MinutesItem.objects.exists()


def test_a_decision_due_before_the_meeting_is_refused(meeting, department_head, verified_client):
    data = _form_data(meeting) | {
        "decisions-0-due_on": (MEETING_DAY - datetime.timedelta(days=1)).isoformat()
    }
    response = verified_client(department_head).post(_add_url(meeting), data)
    assert f"第1项决议：完成期限不能早于会议日期（{MEETING_DAY.isoformat()}）。" in response.content.decode()
    assert not MeetingMinutesPage.objects.exists()


def test_a_recording_without_every_attendees_consent_is_refused_naming_who_is_missing(
    meeting, department, department_head, staff, verified_client
):
    recording = _recording(department)
    consents = [
        {"attendee": staff.pk, "external_attendee": "", "method": "signed", "given_at": "2026-12-10 09:25"},
        {
            "attendee": department_head.pk,
            "external_attendee": "",
            "method": "oral",
            "given_at": "2026-12-10 09:30",
        },
    ]
    data = _form_data(meeting, consents=consents, recordings=[recording]) | {"action-submit": "submit"}
    client = verified_client(department_head)
    response = client.post(_add_url(meeting), data)
    assert response.status_code == 200
    assert (
        "录音录像须先记录每位参会人员的同意，方可提交审批。尚未记录：何梅、周晴、李明。"
        in response.content.decode()
    )
    assert not MeetingMinutesPage.objects.exists() and not MinutesRecordingConsent.objects.exists()

    # With everyone's consent the minutes go to the chair.
    external = meeting.external_attendees.get()
    consents += [
        {
            "attendee": meeting.minute_taker_id,
            "external_attendee": "",
            "method": "signed",
            "given_at": "2026-12-10 09:25",
        },
        {
            "attendee": meeting.attendees.get().pk,
            "external_attendee": "",
            "method": "signed",
            "given_at": "2026-12-10 09:25",
        },
        {
            "attendee": "",
            "external_attendee": external.pk,
            "method": "written",
            "given_at": "2026-12-09 17:00",
        },
    ]
    data = _form_data(meeting, consents=consents, recordings=[recording]) | {"action-submit": "submit"}
    response = client.post(_add_url(meeting), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    minutes = MeetingMinutesPage.objects.get()
    assert minutes.recording_consents.count() == 5
    assert minutes.current_workflow_state.workflow.name == "会议主持人审批"


def test_a_recording_that_is_not_audio_or_video_is_refused(
    meeting, department, department_head, verified_client
):
    document = RecordDocument(title="会议签到表", department=department)
    document.file.save("sign-in.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    response = verified_client(department_head).post(
        _add_url(meeting), _form_data(meeting, recordings=[document])
    )
    assert "录音录像：只接受音频或视频文件" in response.content.decode()
    assert not MeetingMinutesPage.objects.exists()


def test_the_chair_approves_the_minutes_and_no_one_else_may(
    meeting, archivist, staff, leader, department_head
):
    minutes = _minutes(meeting, archivist)
    assert routing.workflow_for(minutes).name == routing.MEETING_CHAIR
    approvals.submit(minutes, archivist, routing.MEETING_CHAIR)
    minutes.refresh_from_db()
    task = minutes.current_workflow_task_state.task.specific
    assert list(task.approvers(minutes)) == [department_head]
    for other in (staff, leader, archivist):
        with pytest.raises(PermissionDenied):
            approvals.act(minutes, other, APPROVE, "同意。")
    approvals.act(minutes, department_head, APPROVE, "同意。")
    minutes.refresh_from_db()
    assert minutes.live and minutes.approval()[0] == "赵敏"


@pytest.fixture
def deputy_head(portal_setup, department):
    user = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=department, display_name="钱峰")
    department.heads.add(user)
    return user


def test_when_the_chair_is_inactive_the_departments_heads_approve(
    meeting, archivist, department_head, deputy_head
):
    department_head.is_active = False
    department_head.save()
    minutes = _minutes(meeting, archivist)
    approvals.submit(minutes, archivist, routing.MEETING_CHAIR)
    minutes.refresh_from_db()
    assert list(minutes.current_workflow_task_state.task.specific.approvers(minutes)) == [deputy_head]
    approvals.act(minutes, deputy_head, APPROVE, "主持人休假，代为审批。")
    minutes.refresh_from_db()
    assert minutes.live


def test_when_the_chair_drafted_the_minutes_another_head_approves(
    meeting, department_head, deputy_head, staff
):
    minutes = _minutes(meeting, department_head)
    approvals.submit(minutes, department_head, routing.MEETING_CHAIR)
    with pytest.raises(PermissionDenied):
        approvals.act(minutes, department_head, APPROVE, "同意。")
    approvals.act(minutes, deputy_head, APPROVE, "同意。")
    minutes.refresh_from_db()
    assert minutes.live


def _edit_data(minutes, **fields):
    items = [
        {"id": i.pk, "agenda_item": i.agenda_item_id, "discussion": i.discussion, "key_points": i.key_points}
        for i in minutes.items.all()
    ]
    decisions = [
        {
            "id": d.pk,
            "agenda_item": d.agenda_item_id or "",
            "text": d.text,
            "department": d.department_id,
            "responsible": d.responsible_id,
            "due_on": d.due_on.isoformat(),
        }
        for d in minutes.decisions.all()
    ]
    data = nested_form_data(
        {
            "title": minutes.title,
            "slug": minutes.slug,
            "correction_reason": minutes.correction_reason,
            "summary": minutes.summary,
            "department": minutes.department_id,
            "confidentiality": minutes.confidentiality,
            "confidentiality_term": "",
            "items": inline_formset(items, initial=len(items)),
            "decisions": inline_formset(decisions, initial=len(decisions)),
            "recording_consents": inline_formset([]),
            "recordings": streamfield([]),
        }
    )
    data |= {"attachments-count": 0}
    data.update(fields)
    return data


def test_approved_minutes_change_only_through_a_correction_with_a_reason_approved_again(
    meeting, archivist, staff, department_head, verified_client
):
    minutes = _approved(meeting, archivist)
    edit_url = f"/admin/pages/{minutes.pk}/edit/"
    client = verified_client(staff)
    changed = {"summary": "会议部署了第四季度留痕工作和档案集中整理。"}

    response = client.post(edit_url, _edit_data(minutes, **changed))
    assert response.status_code == 200
    assert "更正原因：本纪要已经批准，请说明本次更正的内容和原因。" in response.content.decode()

    # No one publishes around the chair, not even with a reason.
    assert not minutes.permissions_for_user(department_head).can_publish()
    assert not minutes.permissions_for_user(staff).can_publish()
    publish = {"action-publish": "publish"}
    response = client.post(
        edit_url, _edit_data(minutes, correction_reason="补记档案整理部署。", **changed) | publish
    )
    assert "记录只能经审批流程的最终审批后发布：请提交审批。" in response.content.decode()
    minutes.refresh_from_db()
    assert "档案集中整理" not in minutes.summary

    response = client.post(
        edit_url,
        _edit_data(minutes, correction_reason="补记档案集中整理的部署。", **changed)
        | {"action-submit": "submit"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    minutes.refresh_from_db()
    assert "档案集中整理" not in minutes.summary  # the approved version stands until the chair agrees
    assert minutes.current_workflow_state.workflow.name == "会议主持人审批"
    approvals.act(minutes, department_head, APPROVE, "同意更正。")
    minutes.refresh_from_db()
    assert "档案集中整理" in minutes.summary
    [(_at, reason, approver)] = minutes.correction_history()
    assert (reason, approver) == ("补记档案集中整理的部署。", department_head)

    # The next correction states its own reason, not the last one's.
    response = client.post(edit_url, _edit_data(minutes, summary="再次修改。"))
    assert "更正原因：本纪要已经批准，请说明本次更正的内容和原因。" in response.content.decode()


def test_the_minutes_page_shows_items_decisions_approval_and_corrections(
    meeting, archivist, department_head, finance_staff, verified_client
):
    minutes = _approved(meeting, archivist)
    html = verified_client(finance_staff).get(minutes.url).content.decode()
    assert "档案数字化进度通报" in html and "进度滞后两周。" in html
    assert (
        "十二月底前完成档案数字化。" in html
        and (MEETING_DAY + datetime.timedelta(days=20)).isoformat() in html
    )
    assert "已批准（赵敏，" in html
    meeting_html = verified_client(finance_staff).get(meeting.url).content.decode()
    assert minutes.title in meeting_html


def test_a_colleague_not_named_on_the_meeting_cannot_read_its_minutes(
    meeting, archivist, other_department, verified_client
):
    minutes = _approved(meeting, archivist)
    outsider = UserFactory(roles=[Role.STAFF], department=other_department, display_name="林芳")
    assert verified_client(outsider).get(minutes.url).status_code in (403, 404)


def test_the_chairs_approval_opens_one_follow_up_task_per_resolution_in_the_same_event(
    meeting, archivist, department_head
):
    from registers.models import FollowUpTask
    from tests.trail_events import business_events

    minutes = _minutes(meeting, archivist)
    approvals.submit(minutes, archivist, routing.MEETING_CHAIR)
    assert not FollowUpTask.objects.exists()
    with business_events() as events:
        approvals.act(minutes, department_head, APPROVE, "同意。")
    [task] = FollowUpTask.objects.all()
    decision = minutes.decisions.get()
    assert (task.decision, task.responsible, task.due_on) == (
        decision.text,
        decision.responsible,
        decision.due_on,
    )
    assert task.meeting_id == meeting.pk
    assert [event.action for event in events] == ["approval.opinion"]


def test_a_correction_opens_tasks_only_for_the_resolutions_it_adds(
    meeting, archivist, department_head, staff
):
    from registers.models import FollowUpTask

    minutes = _approved(meeting, archivist)
    assert FollowUpTask.objects.count() == 1
    minutes = MeetingMinutesPage.objects.get(pk=minutes.pk)
    minutes.correction_reason = "补记第二项决议。"
    minutes.decisions.add(
        MinutesDecision(
            text="下周一前印发检查通知。",
            department=meeting.department,
            responsible=staff,
            due_on=MEETING_DAY + datetime.timedelta(days=7),
        )
    )
    approvals.submit(minutes, archivist, routing.MEETING_CHAIR)
    approvals.act(minutes, department_head, APPROVE, "同意更正。")
    assert sorted(FollowUpTask.objects.values_list("decision", flat=True)) == [
        "下周一前印发检查通知。",
        "十二月底前完成档案数字化。",
    ]
