"""Reminders (催办) from ``run_periodic``: approvers of a step waiting longer
than APPROVAL_REMINDER_AFTER_HOURS, at most once a day each, marked sent
(with a trail event) only after the mail was handed over."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from portal.approvals import reminders
from portal.approvals.models import Reminder
from portal.approvals.models.tasks import APPROVE
from portal.approvals.setup import HEAD_THEN_LEADERSHIP
from portal.trail.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(page, staff, submit, settings):
    settings.APPROVAL_REMINDER_AFTER_HOURS = 24
    submit(page, staff)
    return page


def _later(hours):
    return time_machine.travel(timezone.now() + datetime.timedelta(hours=hours), tick=False)


def test_a_step_waiting_too_long_reminds_its_approver_once_a_day(waiting, department_head, mailoutbox):
    mailoutbox.clear()
    with _later(2):
        call_command("run_periodic")
    assert mailoutbox == [], "not waiting long enough yet"

    with _later(25):
        call_command("run_periodic")
        call_command("run_periodic")
    assert [mail.to for mail in mailoutbox] == [[department_head.email]]
    assert waiting.title in mailoutbox[0].subject
    assert f"/admin/pages/{waiting.pk}/edit/" in mailoutbox[0].body
    events = Event.objects.filter(action="approval.remind")
    assert events.count() == 1 and events.get().details["recipient"] == department_head.pk

    with _later(49):
        call_command("run_periodic")
    assert len(mailoutbox) == 2, "the next day, again"


def test_the_drafter_is_not_reminded_of_their_own_submission(
    page, department_head, leader, submit, mailoutbox
):
    submit(page, department_head)
    mailoutbox.clear()
    with _later(25):
        reminders.send_approval_reminders()
    assert [mail.to for mail in mailoutbox] == [[leader.email]]


def test_a_reminder_that_could_not_be_handed_over_is_not_marked(waiting, department_head, mailoutbox):
    mailoutbox.clear()
    with _later(25):
        down = mock.patch("portal.approvals.reminders.send_mail", side_effect=OSError("mail server down"))
        with down, pytest.raises(OSError):
            reminders.send_approval_reminders()
        assert not Reminder.objects.exists()
        assert not Event.objects.filter(action="approval.remind").exists()
        assert reminders.send_approval_reminders() == 1
    assert Reminder.objects.get().recipient == department_head
    assert len(mailoutbox) == 1


def test_a_finished_step_is_not_reminded(page, staff, department_head, leader, submit, mailoutbox):
    from portal.approvals import demo

    submit(page, staff, HEAD_THEN_LEADERSHIP)
    demo.act(page, department_head, APPROVE, "同意。")
    mailoutbox.clear()
    with _later(25):
        reminders.send_approval_reminders()
    assert {tuple(mail.to) for mail in mailoutbox} == {(leader.email,)}
