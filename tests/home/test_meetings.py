"""Meeting pages (MTG-1): made in the admin with their agenda and attendees,
refused with the field named when the input is wrong, read by the people they
name, found by their agenda and people, shown in local time, approved through
the department's route."""

import datetime

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.factories import MeetingPageFactory, SectionPageFactory
from home.models import MeetingAgendaItem, MeetingExternalAttendee, MeetingPage
from portal.access import rules
from portal.access.levels import Level
from portal.access.rules import Action
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.approvals import demo as approvals
from portal.approvals import routing
from portal.approvals.models.tasks import APPROVE
from tests.trail_events import business_events

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def meetings(section, department):
    return SectionPageFactory(parent=section, title="会议", slug="meetings", department=department)


@pytest.fixture
def finance_staff(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="周晴")


@pytest.fixture
def finance_colleague(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="林芳")


def _form_data(department, people, **fields):
    chair, organiser, minute_taker, attendees = people
    data = nested_form_data(
        {
            "title": "2026年第四季度留痕工作推进会",
            "slug": "q4-meeting",
            "purpose": "部署第四季度留痕工作。",
            "starts_at": "2026-12-10 09:30",
            "ends_at": "2026-12-10 11:00",
            "place": "三楼第一会议室",
            "video_link": "",
            "chair": chair.pk,
            "organiser": organiser.pk,
            "minute_taker": minute_taker.pk,
            "department": department.pk,
            "confidentiality": Level.INTERNAL,
            "confidentiality_term": "",
            "external_attendees": inline_formset([{"name": "李律师", "organisation": "北京明理律师事务所"}]),
            "agenda_items": inline_formset(
                [
                    {"topic": "档案数字化进度通报", "presenter": organiser.pk, "planned_minutes": 30},
                    {"topic": "第四季度检查安排", "presenter": chair.pk, "planned_minutes": 45},
                ]
            ),
        }
    )
    data |= {"attendees": [user.pk for user in attendees], "attachments-count": 0}
    data.update(fields)
    return data


def test_a_meeting_is_made_in_the_admin_with_its_agenda_and_attendees(
    meetings, department, department_head, staff, finance_staff, english_client
):
    client = english_client(department_head)
    add_url = f"/admin/pages/add/home/meetingpage/{meetings.pk}/"
    assert client.get(add_url).status_code == 200
    data = _form_data(department, (department_head, staff, staff, [staff, finance_staff]))
    with business_events() as events:
        response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = MeetingPage.objects.get(slug="q4-meeting")
    assert [(i.topic, i.planned_minutes) for i in meeting.agenda_items.all()] == [
        ("档案数字化进度通报", 30),
        ("第四季度检查安排", 45),
    ]
    assert meeting.planned_minutes() == 75
    assert set(meeting.attendees.all()) == {staff, finance_staff}
    assert [str(a) for a in meeting.external_attendees.all()] == ["李律师（北京明理律师事务所）"]
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "09:30"
    assert len(events) == 1 and events[0].target_id == str(meeting.pk)
    edit = client.get(f"/admin/pages/{meeting.pk}/edit/").content.decode()
    assert "第四季度检查安排" in edit and "北京明理律师事务所" in edit

    # An internal meeting goes to the department's head (here its drafter, so up to the leadership).
    assert routing.workflow_for(meeting).name == routing.HEAD_ONLY


def test_a_meeting_is_approved_through_the_head_route_with_one_event(
    meetings, department, department_head, staff
):
    meeting = MeetingPageFactory(
        parent=meetings, department=department, owner=staff, live=False, publish=False, chair=department_head
    )
    approvals.submit(meeting, staff, routing.HEAD_ONLY)
    with business_events() as events:
        approvals.act(meeting, department_head, APPROVE, "同意召开。")
    meeting.refresh_from_db()
    assert meeting.live
    assert len(events) == 1, [e.action for e in events]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"ends_at": "2026-12-10 09:00"}, "会议结束时间须晚于开始时间。"),
        ({"place": "", "video_link": ""}, "请填写会议地点或视频会议链接（至少一项）。"),
        ({"agenda_items-0-planned_minutes": "0"}, "确保该值大于或等于1。"),
        ({"external_attendees-0-organisation": ""}, "外部参会人员须填写姓名和单位。"),
    ],
)
def test_wrong_input_is_refused_with_the_field_named_and_nothing_saved(
    change, message, meetings, department, department_head, staff, verified_client
):
    client = verified_client(department_head)
    data = _form_data(department, (department_head, staff, staff, [staff])) | change
    with business_events() as events:
        response = client.post(f"/admin/pages/add/home/meetingpage/{meetings.pk}/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MeetingPage.objects.exists() and not MeetingAgendaItem.objects.exists()
    assert not MeetingExternalAttendee.objects.exists() and events == []


def test_an_external_auditor_cannot_be_named_on_a_meeting(
    meetings, department, department_head, staff, verified_client
):
    visitor = UserFactory(roles=[Role.EXTERNAL_AUDITOR], department=None, display_name="黄慎")
    client = verified_client(department_head)
    data = _form_data(department, (department_head, staff, staff, [staff, visitor]))
    response = client.post(f"/admin/pages/add/home/meetingpage/{meetings.pk}/", data)
    assert response.status_code == 200
    assert "以下人员无权查阅本会议，不能列入：黄慎。" in response.content.decode()
    assert not MeetingPage.objects.exists()


@pytest.fixture
def meeting(meetings, department, department_head, staff, finance_staff):
    return MeetingPageFactory(
        parent=meetings,
        department=department,
        owner=staff,
        confidentiality=Level.INTERNAL,
        title="2026年第四季度留痕工作推进会",
        starts_at=datetime.datetime(2026, 12, 10, 9, 30, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2026, 12, 10, 11, 0, tzinfo=SHANGHAI),
        chair=department_head,
        organiser=staff,
        minute_taker=staff,
        attendees=[finance_staff],
        agenda_items=[
            MeetingAgendaItem(topic="档案数字化进度通报", presenter=staff, planned_minutes=30),
            MeetingAgendaItem(topic="第四季度检查安排", presenter=department_head, planned_minutes=45),
        ],
        external_attendees=[MeetingExternalAttendee(name="李律师", organisation="北京明理律师事务所")],
    )


def test_an_attendee_of_another_department_reads_an_internal_meeting_a_colleague_not_named_does_not(
    meeting, finance_staff, finance_colleague, verified_client
):
    assert rules.can(finance_staff, Action.VIEW, meeting)
    assert not rules.can(finance_colleague, Action.VIEW, meeting)
    assert verified_client(finance_staff).get(meeting.url).status_code == 200
    assert verified_client(finance_colleague).get(meeting.url).status_code in (403, 404)


def test_search_finds_the_meeting_by_an_agenda_word_and_by_the_chairs_name(
    meeting, finance_staff, finance_colleague, verified_client
):
    from django.urls import reverse

    search = reverse("portal_search")
    reader = verified_client(finance_staff)
    for query in ("档案数字化", "赵敏"):
        assert meeting.title in reader.get(search, {"q": query}).content.decode(), query
    assert (
        meeting.title
        not in verified_client(finance_colleague).get(search, {"q": "档案数字化"}).content.decode()
    )


def test_the_page_shows_local_times_people_and_the_agenda_with_its_total(
    meeting, finance_staff, verified_client
):
    html = verified_client(finance_staff).get(meeting.url).content.decode()
    assert "2026-12-10 09:30 – 2026-12-10 11:00" in html
    for text in (
        "三楼第一会议室",
        "赵敏",
        "孙丽",
        "周晴",
        "李律师（北京明理律师事务所）",
        "档案数字化进度通报",
        ">75<",
    ):
        assert text in html, text
    printed = verified_client(finance_staff).get(meeting.url + "?print=1").content.decode()
    assert printed.index('<div class="page-marking" hidden>') < printed.index(
        "<h1>2026年第四季度留痕工作推进会"
    )
