"""``run_periodic`` reminds authors of the day's daily report before its
deadline (on working days only: the 调休 Saturday counts, a holiday does
not) and supervisors of reports waiting for an annotation more than N
working days; each at most once a day, each reminder one trail event."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import translation

from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.trail.models import Event
from registers.services import reports
from tests.trail_events import business_events

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
TEXT = {"work_done": "完成档案系统接口联调", "plan": "整理联调文档"}


@pytest.fixture(autouse=True)
def in_simplified_chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def reminders_on(settings):
    settings.DAILY_REPORT_REMINDERS = True


def test_no_reminder_goes_out_when_the_setting_is_off(settings, department):
    UserFactory(roles=[Role.STAFF], department=department)
    settings.DAILY_REPORT_REMINDERS = False
    assert run_at(at(D(2026, 10, 12), 17)) == 0
    settings.DAILY_REPORT_REMINDERS = True
    assert run_at(at(D(2026, 10, 12), 17)) == 1


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        return reports.send_reminders()


@pytest.fixture
def colleague(portal_setup, department):
    return UserFactory(
        roles=[Role.STAFF], department=department, display_name="钱伟", email="qianwei@example.com"
    )


def reminded(kind):
    return sorted(
        (e.details["recipient"], e.details["date"])
        for e in Event.objects.filter(action="report.remind")
        if e.details["kind"] == kind
    )


def test_authors_without_todays_report_are_reminded_once_on_the_adjusted_saturday(
    staff, colleague, department_head
):
    saturday = D(2026, 10, 10)  # 调休: a working day
    with time_machine.travel(at(saturday, 15), tick=False):
        reports.submit(staff, saturday, **TEXT)
    mail.outbox.clear()
    with business_events() as events:
        sent = run_at(at(saturday, 16, 30))
    assert sent == 2
    assert reminded("submit") == [(colleague.pk, "2026-10-10"), (department_head.pk, "2026-10-10")]
    assert [e.action for e in events] == ["report.remind"] * 2
    to_colleague = next(m for m in mail.outbox if m.to == [colleague.email])
    assert "2026-10-10" in to_colleague.subject and "日报" in to_colleague.subject
    assert "/reports/daily/" in to_colleague.body
    # Once a day: a second run that evening sends nothing more.
    assert run_at(at(saturday, 17, 30)) == 0
    assert len(mail.outbox) == 2


def test_no_author_reminder_before_the_reminder_time_after_the_deadline_or_on_a_day_off(staff):
    assert run_at(at(D(2026, 10, 9), 15, 59)) == 0
    assert run_at(at(D(2026, 10, 9), 18, 0)) == 0  # past the deadline: it is missing, not due
    assert run_at(at(D(2026, 10, 2), 16, 30)) == 0  # 国庆节
    assert run_at(at(D(2026, 10, 11), 16, 30)) == 0  # the Sunday after the 调休 Saturday
    assert not Event.objects.filter(action="report.remind").exists() and mail.outbox == []
    with override_settings(DAILY_REPORT_REMINDER_FROM="15:00"):
        assert run_at(at(D(2026, 10, 9), 15, 30)) == 1


def test_supervisors_are_reminded_after_more_than_two_working_days_across_the_mid_autumn_holiday(
    staff, department_head
):
    with time_machine.travel(at(D(2026, 9, 24), 17), tick=False):
        report = reports.submit(staff, D(2026, 9, 24), **TEXT)  # a Thursday; Friday is 中秋节
    # Working days since: 9-28 (1), 9-29 (2): not more than two yet.
    run_at(at(D(2026, 9, 29), 9))
    assert reminded("review") == []
    run_at(at(D(2026, 9, 30), 9))  # the third working day
    assert reminded("review") == [(department_head.pk, "2026-09-30")]
    to_head = [m for m in mail.outbox if m.to == [department_head.email]]
    assert len(to_head) == 1 and "批注" in to_head[0].subject and "孙丽" in to_head[0].body
    run_at(at(D(2026, 9, 30), 11))
    run_at(at(D(2026, 10, 3), 9))  # 国庆节: no reminders
    assert reminded("review") == [(department_head.pk, "2026-09-30")]
    # Annotated: no more reminders.
    with time_machine.travel(at(D(2026, 10, 8), 9), tick=False):
        reports.annotate(report, department_head, "好，继续")
    run_at(at(D(2026, 10, 9), 9))
    assert reminded("review") == [(department_head.pk, "2026-09-30")]


def test_the_number_of_working_days_is_a_setting(staff, department_head):
    with time_machine.travel(at(D(2026, 9, 24), 17), tick=False):
        reports.submit(staff, D(2026, 9, 24), **TEXT)
    with override_settings(DAILY_REPORT_REVIEW_DAYS=0):
        run_at(at(D(2026, 9, 24), 19))  # the same day: not more than none
        assert reminded("review") == []
        run_at(at(D(2026, 9, 28), 9))  # the next working day, after the holiday
    assert reminded("review") == [(department_head.pk, "2026-09-28")]
