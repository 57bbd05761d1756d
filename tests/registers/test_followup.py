"""Follow-up tasks (督办, MTG-3): a meeting's decisions become tasks, worked
by the responsible person, extended by the chair, checked and closed by the
organiser; overdue is computed and reminded; each action is one event."""

import datetime
import io
from types import SimpleNamespace

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from reversion.models import Version

from home.factories import MeetingPageFactory
from portal.access import rules
from portal.access.levels import Level
from portal.access.rules import Action
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.trail.models import Event
from registers import pending
from registers.models import FollowUpExtension, FollowUpTask
from registers.services import followup
from tests.trail_events import business_events, named

pytestmark = pytest.mark.django_db

State = FollowUpTask.State


def versions_of(*rows):
    """The latest version of each row, as the event names them."""
    return [Version.objects.get_for_object(row).first().pk for row in rows]


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def chair(portal_setup, department):
    return UserFactory(
        roles=[Role.LEADERSHIP], department=department, display_name="赵敏", username="zhaomin"
    )


@pytest.fixture
def organiser(portal_setup, department):
    return UserFactory(roles=[Role.STAFF], department=department, display_name="孙丽", username="sunli")


@pytest.fixture
def responsible(portal_setup, other_department):
    return UserFactory(
        roles=[Role.STAFF], department=other_department, display_name="周晴", username="zhouqing"
    )


@pytest.fixture
def stranger(portal_setup, other_department):
    return UserFactory(
        roles=[Role.STAFF], department=other_department, display_name="林芳", username="linfang"
    )


@pytest.fixture
def meeting(home_page, department, chair, organiser):
    return MeetingPageFactory(
        parent=home_page,
        title="2026年第四季度留痕工作推进会",
        department=department,
        confidentiality=Level.INTERNAL,
        chair=chair,
        organiser=organiser,
        minute_taker=organiser,
        starts_at=timezone.now() - datetime.timedelta(days=7),
        ends_at=timezone.now() - datetime.timedelta(days=7, hours=-1),
    )


def decision(pk, responsible, due_on, text="完成档案数字化扫描"):
    return SimpleNamespace(pk=pk, text=text, department=None, responsible=responsible, due_on=due_on)


@pytest.fixture
def task(meeting, organiser, responsible):
    return followup.open_tasks(meeting, organiser, [decision(1, responsible, days(10))])[0]


def test_decisions_open_tasks_in_one_event_naming_every_task(
    meeting, organiser, responsible, other_department
):
    with business_events() as events:
        tasks = followup.open_tasks(
            meeting,
            organiser,
            [decision(1, responsible, days(10)), decision(2, responsible, days(20), text="修订归档制度")],
        )
    assert [e.action for e in events] == ["followup.open"]
    assert named(events[0]) == [("reversion.version", str(v)) for v in versions_of(*tasks)]
    assert [t.state for t in tasks] == [State.TODO, State.TODO]
    assert tasks[0].responsible_department == other_department
    assert tasks[1].due_on == days(20)
    # The same decisions again open nothing new.
    with business_events() as again:
        assert followup.open_tasks(meeting, organiser, [decision(1, responsible, days(10))]) == []
    assert again == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"responsible": None}, "请指定责任人"),
        ({"due_on": None}, "请填写完成期限"),
        ({"due_on": -1}, "完成期限已过"),
    ],
)
def test_a_decision_without_person_or_due_date_or_past_due_is_refused(
    meeting, organiser, responsible, change, message
):
    values = {
        "pk": 1,
        "text": "完成档案数字化扫描",
        "department": None,
        "responsible": responsible,
        "due_on": days(5),
    }
    values.update({k: days(v) if isinstance(v, int) else v for k, v in change.items()})
    good = decision(2, responsible, days(5), text="修订归档制度")
    with pytest.raises(ValidationError) as refused:
        followup.open_tasks(meeting, organiser, [good, SimpleNamespace(**values)])
    assert message in " ".join(refused.value.messages)
    assert "决定2" in " ".join(refused.value.messages)
    assert not FollowUpTask.objects.exists()  # nothing half-saved


def test_life_cycle_with_an_approved_extension_and_one_event_per_action(task, responsible, chair, organiser):
    with business_events() as events:
        followup.start(task, responsible)
        entry = followup.report_progress(
            task, responsible, percent_done=40, problems="扫描仪故障", measures="借用备用设备"
        )
        extension = followup.request_extension(
            task, responsible, new_due_on=days(30), reason="设备维修需要时间"
        )
        followup.decide_extension(task, chair, approve=True, opinion="同意延期")
        followup.complete(task, responsible, note="已全部扫描")
        followup.close(task, organiser, opinion="经核查，已完成")
    assert [e.action for e in events] == [
        "followup.start",
        "followup.progress",
        "followup.request_extension",
        "followup.decide_extension",
        "followup.complete",
        "followup.close",
    ]
    task.refresh_from_db()
    extension.refresh_from_db()
    assert task.state == State.CLOSED and task.due_on == days(30) and task.original_due_on == days(10)
    assert extension.decision == FollowUpExtension.Decision.APPROVED and extension.decided_by == chair
    # Each event names the versions it wrote: the task with the entries it holds by then.
    assert [len(named(event)) for event in events] == [1, 2, 3, 3, 3, 3]
    progress_version = Version.objects.get_for_object(entry).last()  # its first
    assert ("reversion.version", str(progress_version.pk)) in named(events[1])


def test_the_extended_state_is_shown_and_a_refusal_keeps_the_due_date(task, responsible, chair):
    followup.request_extension(task, responsible, new_due_on=days(30), reason="人手不足")
    task.refresh_from_db()
    assert task.state == State.EXTENSION_REQUESTED
    with pytest.raises(ValidationError) as refused:
        followup.decide_extension(task, chair, approve=False)
    assert "不批准延期的理由" in refused.value.messages[0]
    followup.decide_extension(task, chair, approve=False, opinion="请按期完成")
    task.refresh_from_db()
    assert task.state == State.IN_PROGRESS and task.due_on == days(10)


def test_only_the_chair_decides_and_only_the_organiser_closes(task, responsible, chair, organiser):
    followup.request_extension(task, responsible, new_due_on=days(30), reason="人手不足")
    for someone in (organiser, responsible):
        with pytest.raises(PermissionDenied):
            followup.decide_extension(task, someone, approve=True)
    followup.decide_extension(task, chair, approve=True)
    followup.complete(task, responsible)
    for someone in (chair, responsible):
        with pytest.raises(PermissionDenied):
            followup.close(task, someone)
    with pytest.raises(PermissionDenied):
        followup.complete(task, organiser)
    followup.reopen(task, organiser, opinion="缺少验收记录")
    task.refresh_from_db()
    assert task.state == State.IN_PROGRESS and task.completed_at is None


def test_invalid_transitions_and_extension_dates_are_refused(task, responsible, organiser):
    with pytest.raises(ValidationError) as past:
        followup.request_extension(task, responsible, new_due_on=days(-1), reason="来不及")
    assert "该日期已过" in past.value.messages[0]
    with pytest.raises(ValidationError) as earlier:
        followup.request_extension(task, responsible, new_due_on=days(5), reason="来不及")
    assert "必须晚于当前完成期限" in earlier.value.messages[0]
    with pytest.raises(ValidationError) as not_done:
        followup.close(task, organiser)
    assert "只有已完成的督办事项才能核查关闭" in not_done.value.messages[0]
    followup.complete(task, responsible)
    with pytest.raises(ValidationError) as finished:
        followup.start(task, responsible)
    assert "已完成" in finished.value.messages[0]
    assert not FollowUpExtension.objects.exists()


def test_overdue_is_computed_and_reminded_once_a_day(task, responsible, chair, meeting, organiser):
    other = followup.open_tasks(
        meeting, organiser, [decision(2, responsible, days(30), text="修订归档制度")]
    )[0]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=5), tick=False):
        assert list(FollowUpTask.objects.overdue()) == []
        mail.outbox.clear()
        assert followup.send_reminders() == 0  # not yet due within two days
    with time_machine.travel(timezone.now() + datetime.timedelta(days=12), tick=False):
        task.refresh_from_db()
        assert task.overdue and task.days_overdue == 2
        assert list(FollowUpTask.objects.overdue()) == [task]
        assert task.state == State.TODO, "overdue is computed, never stored"
        with business_events() as events:
            assert followup.send_reminders() == 1
        assert [e.action for e in events] == ["followup.remind"]
        assert [m.to for m in mail.outbox] == [[responsible.email]]
        assert "逾期" in mail.outbox[0].subject
        assert followup.send_reminders() == 0, "once a day"
        followup.request_extension(other, responsible, new_due_on=days(40), reason="等待预算")
        mail.outbox.clear()
        assert followup.send_reminders() == 1
        assert [m.to for m in mail.outbox] == [[chair.email]]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13), tick=False):
        assert followup.send_reminders() == 2  # the next day, both again


def test_readers_of_a_task_and_the_inbox(task, responsible, chair, organiser, stranger, other_department):
    assert rules.can(responsible, Action.VIEW, task)
    assert rules.can(chair, Action.VIEW, task)
    assert not rules.can(stranger, Action.VIEW, task)
    head = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=other_department)
    other_department.heads.add(head)
    assert rules.can(head, Action.VIEW, task)
    listed = FollowUpTask.objects.filter(rules.filter_for(stranger, Action.LIST, FollowUpTask))
    assert list(listed) == []

    assert [item.title for item in pending.followup_items(responsible)] == [task.title]
    followup.request_extension(task, responsible, new_due_on=days(30), reason="人手不足")
    assert pending.followup_items(responsible) == []
    [waiting] = pending.followup_items(chair)
    assert waiting.kind == "approve" and waiting.actions_template
    followup.decide_extension(task, chair, approve=True)
    followup.complete(task, responsible)
    assert [item.kind for item in pending.followup_items(organiser)] == ["confirm"]


def test_the_dashboard_filters_exports_and_prints(
    task, meeting, organiser, responsible, stranger, verified_client
):
    followup.report_progress(task, responsible, percent_done=30, problems="扫描仪故障")
    client = verified_client(organiser)
    index = client.get("/admin/registers/followup/", {"meeting": meeting.pk, "overdue": "false"})
    assert index.status_code == 200
    body = index.content.decode()
    assert task.title in body and 'data-count="total">1<' in body

    response = client.get("/admin/registers/followup/", {"export": "xlsx"})
    sheet = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [row[0] for row in sheet[1:]] == [task.decision]
    assert Event.objects.filter(action="export", actor=organiser).count() == 1

    printed = client.get(f"/admin/registers/followup/print/{task.pk}/").content.decode()
    assert "督办单" in printed and "扫描仪故障" in printed and "周晴" in printed
    assert client.get(f"/admin/registers/followup/history/{task.pk}/").status_code == 200

    outsider = verified_client(stranger)
    assert outsider.get(f"/admin/registers/followup/print/{task.pk}/").status_code in (302, 403, 404)
    response = outsider.get("/admin/registers/followup/", {"export": "xlsx"})
    sheet = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert sheet[1:] == []


def test_the_meeting_page_lists_its_tasks_for_readers(task, meeting, organiser, responsible, verified_client):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=12), tick=False):
        body = verified_client(organiser).get(meeting.url).content.decode()
    assert "督办事项" in body and task.decision in body and "逾期" in body


def test_the_responsible_person_acts_in_the_admin(task, responsible, chair, verified_client):
    client = verified_client(responsible)
    response = client.post(
        f"/admin/registers/followup/extension/{task.pk}/",
        {"new_due_on": days(30).isoformat(), "reason": "人手不足"},
    )
    assert response.status_code == 302
    client.post(f"/admin/registers/followup/decide_extension/{task.pk}/", {"decision": "approve"})
    task.refresh_from_db()
    assert task.state == State.EXTENSION_REQUESTED, "only the chair decides"
    response = verified_client(chair).post(
        f"/admin/registers/followup/decide_extension/{task.pk}/",
        {"decision": "approve", "opinion": "", "next": "/admin/"},
    )
    assert response.status_code == 302 and response.url == "/admin/"
    task.refresh_from_db()
    assert task.state == State.EXTENDED


def test_a_task_is_found_by_its_decision_for_its_readers_only(task, responsible, stranger, verified_client):
    from tests.home.test_search_records import SEARCH, hits

    found = hits(verified_client(responsible).get(SEARCH, {"q": "数字化扫描"}))
    assert [title for title in found if task.decision in title]
    assert "/admin/registers/followup/" in next(iter(found.values()))["href"]
    assert hits(verified_client(stranger).get(SEARCH, {"q": "数字化扫描"})) == {}


def test_the_meeting_history_shows_its_tasks_to_their_readers(
    task, meeting, responsible, chair, verified_client
):
    followup.request_extension(task, responsible, new_due_on=days(30), reason="人手不足")
    followup.decide_extension(task, chair, approve=True)
    html = verified_client(chair).get(f"/history/{meeting.pk}/").content.decode()
    assert "督办事项" in html and task.decision in html and "已延期" in html
    assert f"/admin/registers/followup/history/{task.pk}/" in html


def test_the_chair_decides_a_waiting_extension_from_the_inbox(task, responsible, chair, verified_client):
    followup.request_extension(task, responsible, new_due_on=days(30), reason="人手不足")
    client = verified_client(chair)
    html = client.get("/inbox/").content.decode()
    assert task.title in html and "批准" in html and "不批准" in html
    assert f"/admin/registers/followup/decide_extension/{task.pk}/" in html
    response = client.post(
        f"/admin/registers/followup/decide_extension/{task.pk}/",
        {"decision": "refuse", "opinion": "请按期完成", "next": "/inbox/"},
    )
    assert response.status_code == 302 and response.url == "/inbox/"
    task.refresh_from_db()
    assert task.state == State.IN_PROGRESS and task.due_on == days(10)
    assert task.title not in client.get("/inbox/").content.decode()
