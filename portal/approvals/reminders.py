"""Reminders (催办) for ``run_periodic`` (the ``liuhen_periodic`` hook):
approvers of a step that has waited longer than
``APPROVAL_REMINDER_AFTER_HOURS``, and — through :func:`remind`, which
``home`` uses — a training page's audience before its due date.

Each person is reminded of each thing at most once a day. A reminder is
marked sent, with its trail event, only after the mail was handed to the
mail server: a failed hand-over leaves nothing marked, and the next run
tries again."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import TaskState
from wagtail.users.models import UserProfile

from portal import trail

from .models import ApprovalTask, CountersignTask, Reminder


def recipient_language(user):
    language = UserProfile.get_for_user(user).preferred_language
    return language if language in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def admin_link(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def remind(kind, about, recipient, target, message, details, now=None):
    """Send ``recipient`` the reminder ``message()`` (→ subject, body, in
    their language) unless they had it today; then mark it and record the
    event. Returns whether a mail was sent."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    if (
        not recipient.email
        or Reminder.objects.filter(kind=kind, about=about, recipient=recipient, day=day).exists()
    ):
        return False
    with translation.override(recipient_language(recipient)):
        subject, body = message()
    send_mail(settings.EMAIL_SUBJECT_PREFIX + subject, body, None, [recipient.email])
    try:
        with transaction.atomic():
            Reminder.objects.create(kind=kind, about=about, recipient=recipient, day=day, sent_at=now)
            trail.record(
                f"{kind}.remind",
                target=target,
                details={"recipient": recipient.pk, "about": about, **details},
            )
    except IntegrityError:
        # Another run marked the same reminder meanwhile.
        return False
    return True


def waiting_steps(now):
    """In-progress steps of the approval tasks started before the threshold."""
    since = now - datetime.timedelta(hours=settings.APPROVAL_REMINDER_AFTER_HOURS)
    states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, started_at__lte=since)
    return states.select_related("workflow_state", "task").order_by("started_at", "pk")


def send_approval_reminders(now=None):
    """Remind whoever may act on each step waiting too long. Returns how many
    mails went out."""
    now = now or timezone.now()
    sent = 0
    for state in waiting_steps(now):
        task = state.task.specific
        page = state.workflow_state.content_object
        if not isinstance(task, ApprovalTask) or page is None:
            continue
        page = page.specific
        people = task.waiting_for(state) if isinstance(task, CountersignTask) else task.approvers(page, state)
        for person in people.filter(is_active=True):
            sent += remind(
                Reminder.Kind.APPROVAL,
                f"taskstate:{state.pk}",
                person,
                page,
                lambda state=state, page=page, task=task: _approval_message(state, page, task, now),
                {"task": task.name, "task_state": state.pk, "waiting_since": state.started_at.isoformat()},
                now,
            )
    return sent


def _approval_message(state, page, task, now):
    hours = int((now - state.started_at).total_seconds() // 3600)
    subject = _("Reminder: %(title)s awaits your approval") % {"title": page.title}
    body = _(
        "%(title)s has waited %(hours)s hours at the step %(step)s.\n"
        "Give your opinion (agree, request changes or disagree) here:\n%(url)s\n"
    ) % {
        "title": page.title,
        "hours": hours,
        "step": task.name,
        "url": admin_link(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
    return subject, body
