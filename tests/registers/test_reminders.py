"""Reminders to readers who have not read a circulated record by (or a day
before) its deadline: at most one a day per reader, from run_periodic."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.trail.models import Event
from registers.models import CirculationReceipt
from registers.services import circulation as service

from .conftest import in_english, in_hours

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def reminders_to(user):
    return [m for m in mail.outbox if m.to == [user.email] and "Reminder" in m.subject]


def test_due_readers_are_reminded_once_a_day(record, staff, colleague, circulate):
    in_english(staff, colleague)  # e-mails speak the recipient's language
    circulate([staff], deadline=in_hours(10), instruction="请阅")
    circulate([colleague], deadline=in_hours(72))
    mail.outbox.clear()
    now = timezone.now()

    assert service.send_reminders(now) == 1  # due within a day; the other not yet
    assert len(reminders_to(staff)) == 1 and reminders_to(colleague) == []
    assert record.title in mail.outbox[0].subject and "请阅" in mail.outbox[0].body
    receipt = CirculationReceipt.objects.get(recipient=staff)
    assert receipt.last_reminded_at == now

    assert service.send_reminders(now) == 0, "running again at once sends nothing"
    assert service.send_reminders(now + 23 * HOUR) == 0
    assert service.send_reminders(now + 25 * HOUR) == 1  # overdue now, a day later
    assert len(reminders_to(staff)) == 2
    assert service.send_reminders(now + 49 * HOUR) == 2  # still overdue; the other due within a day
    assert len(reminders_to(colleague)) == 1

    events = Event.objects.filter(action="circulation.remind").order_by("id")
    assert sorted(e.details["overdue"] for e in events) == [False, False, True, True]
    assert events[0].target_id == str(receipt.pk)


def test_readers_who_have_read_it_are_not_reminded(record, staff, circulate):
    circulate([staff], deadline=in_hours(2))
    service.record_read(record, staff)
    mail.outbox.clear()
    assert service.send_reminders(timezone.now() + 5 * HOUR) == 0
    assert mail.outbox == [] and not Event.objects.filter(action="circulation.remind").exists()


def test_circulations_without_a_deadline_are_never_reminded(record, staff, circulate):
    circulate([staff])
    assert service.send_reminders(timezone.now() + datetime.timedelta(days=30)) == 0


def test_run_periodic_sends_due_reminders_and_is_idempotent(record, staff, colleague, circulate):
    circulate([staff, colleague], deadline=in_hours(3))
    mail.outbox.clear()
    call_command("run_periodic", verbosity=0)
    assert len(mail.outbox) == 2
    call_command("run_periodic", verbosity=0)
    assert len(mail.outbox) == 2
    events = Event.objects.filter(action="circulation.remind")
    assert events.count() == 2 and {e.actor_label for e in events} == {"run_periodic"}
    assert all(r.last_reminded_at for r in CirculationReceipt.objects.all())


def test_e_mails_speak_the_recipients_language(record, staff, colleague, circulate):
    in_english(staff)
    circulate([staff, colleague], deadline=in_hours(3))
    english = next(m for m in mail.outbox if m.to == [staff.email])
    assert "Circulation for reading" in english.subject and "赵敏 has circulated" in english.body
