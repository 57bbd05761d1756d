"""Read confirmations (我已阅读并理解) per published revision, the report of
who has confirmed, and the pending items of those who have not."""

import datetime

import pytest
import reversion
from django.core.management import CommandError
from django.utils import timezone

from home.factories import TrainingPageFactory
from home.models import TrainingConfirmation
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.inbox import PendingItem, pending_items
from portal.trail.models import Event
from tests.trail_events import business_events, named

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(section, department, department_head):
    return TrainingPageFactory(
        parent=section,
        department=department,
        owner=department_head,
        title="档案安全培训",
        confidentiality=Level.PUBLIC,
        audience_departments=[department],
    )


def test_audience_member_confirms_the_published_revision(training, staff, english_client):
    client = english_client(staff)
    html = client.get(training.url).content.decode()
    assert "I have read and understood" in html
    assert [item.kind for item in pending_items(staff)] == [PendingItem.CONFIRM]

    with business_events() as events:
        response = client.post(f"/training/{training.pk}/confirm/", follow=True)
    assert "Your read confirmation has been recorded." in response.content.decode()
    confirmation = TrainingConfirmation.objects.get(user=staff)
    assert confirmation.revision_id == training.live_revision_id
    event = Event.objects.get(action="training.confirm")
    assert event.actor_id == staff.pk and event.target_id == str(training.pk)
    assert event.details["revision"] == training.live_revision_id
    (version,) = reversion.models.Version.objects.get_for_object(confirmation)
    assert events == [event] and named(event) == [("reversion.version", str(version.pk))]
    assert pending_items(staff) == []
    assert "You confirmed this version on" in client.get(training.url).content.decode()

    # Confirming twice records nothing more.
    client.post(f"/training/{training.pk}/confirm/")
    assert TrainingConfirmation.objects.count() == 1
    assert Event.objects.filter(action="training.confirm").count() == 1


def test_a_new_revision_needs_a_new_confirmation(training, staff, english_client):
    client = english_client(staff)
    client.post(f"/training/{training.pk}/confirm/")
    edited = training.get_latest_revision_as_object()
    edited.body = "<p>增加了新的要求。</p>"
    edited.save_revision().publish()
    training.refresh_from_db()
    assert training.confirmation_for(staff) is None
    assert "I have read and understood" in client.get(training.url).content.decode()
    assert len(pending_items(staff)) == 1
    client.post(f"/training/{training.pk}/confirm/")
    assert TrainingConfirmation.objects.filter(user=staff).count() == 2
    assert training.confirmation_for(staff).revision_id == training.live_revision_id


def test_someone_outside_the_audience_cannot_confirm(training, other_department, english_client):
    outsider = UserFactory(roles=[Role.STAFF], department=other_department)
    client = english_client(outsider)
    assert "I have read and understood" not in client.get(training.url).content.decode()
    response = client.post(f"/training/{training.pk}/confirm/", follow=True)
    assert "You are not in the audience of this training." in response.content.decode()
    assert not TrainingConfirmation.objects.exists()
    assert pending_items(outsider) == []


def test_report_shows_confirmed_missing_and_late(
    training, staff, department_head, department, english_client
):
    late_reader = UserFactory(roles=[Role.STAFF], department=department, display_name="迟到者")
    missing = UserFactory(roles=[Role.STAFF], department=department, display_name="未读者")
    english_client(staff).post(f"/training/{training.pk}/confirm/")
    training.due_date = timezone.localdate() - datetime.timedelta(days=5)
    training.save_revision().publish()
    training.refresh_from_db()
    # Confirmations of the live revision: one on time (before the due date), one late.
    TrainingConfirmation.objects.create(
        page=training,
        revision_id=training.live_revision_id,
        user=staff,
        confirmed_at=timezone.now() - datetime.timedelta(days=10),
    )
    english_client(late_reader).post(f"/training/{training.pk}/confirm/")

    response = english_client(department_head).get(f"/training/{training.pk}/report/")
    assert response.status_code == 200
    rows = {row.user: row.status for row in response.context["rows"]}
    assert rows[staff] == "confirmed"
    assert rows[late_reader] == "late"
    assert rows[missing] == "overdue"
    html = response.content.decode()
    assert "Confirmed late" in html and "Not yet confirmed, overdue" in html
    assert response.context["counts"] == {"audience": 4, "confirmed": 2, "missing": 2, "late": 3}
    overdue = [i for i in pending_items(missing) if i.kind == PendingItem.CONFIRM]
    assert overdue and overdue[0].overdue


def test_report_is_refused_to_staff(training, staff, english_client):
    assert english_client(staff).get(f"/training/{training.pk}/report/").status_code == 403


def test_the_audience_is_reminded_before_the_due_date_once_a_day(
    training, staff, department_head, settings, mailoutbox
):
    from unittest import mock

    import time_machine
    from django.core.management import call_command

    from portal.approvals.models import Reminder

    settings.TRAINING_REMINDER_DAYS_BEFORE = 3
    training.due_date = timezone.localdate() + datetime.timedelta(days=5)
    training.save_revision().publish()
    training.refresh_from_db()
    mailoutbox.clear()
    call_command("run_periodic")
    assert mailoutbox == [], "not yet within three days of the due date"

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3), tick=False):
        down = mock.patch("portal.approvals.reminders.send_mail", side_effect=OSError("mail server down"))
        with down, pytest.raises(CommandError, match="remind_training_audiences"):
            call_command("run_periodic")
        assert not Reminder.objects.exists(), "marked only after the mail was handed over"
        call_command("run_periodic")
        call_command("run_periodic")
    recipients = sorted(mail.to[0] for mail in mailoutbox)
    assert recipients == sorted([staff.email, department_head.email])
    assert Event.objects.filter(action="training.remind").count() == 2

    TrainingConfirmation.objects.create(page=training, revision_id=training.live_revision_id, user=staff)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4), tick=False):
        call_command("run_periodic")
    assert len(mailoutbox) == 3 and mailoutbox[-1].to == [department_head.email], (
        "who confirmed is left alone"
    )
