"""Follow-up tasks (督办, MTG-3): a meeting's decisions become tasks, worked
by the responsible person, extended by the chair, checked and closed by the
organiser; overdue is computed and reminded; each action is one event."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from home.factories import MeetingPageFactory
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from registers.models import FollowUpTask
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
