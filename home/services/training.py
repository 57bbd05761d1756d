"""Read confirmations of training pages: confirming, the report of who in
the audience has confirmed, and the pending items of those who have not."""

import datetime as dt
from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import records
from portal.access import rules
from portal.access.rules import Action
from portal.access.subjects import roles_of
from portal.accounts.roles import Role
from portal.approvals.models import Reminder
from portal.approvals.reminders import remind
from portal.inbox import PendingItem

from ..models import TrainingConfirmation, TrainingPage

REPORT_ROLES = {Role.LEADERSHIP, Role.ARCHIVIST, Role.ADMINISTRATION_OFFICE}


def confirm(page, user, *, request=None):
    """Record that ``user`` has read and understood the live revision of
    ``page``; return the confirmation (the existing one if already done)."""
    if not page.live or page.live_revision_id is None:
        raise ValidationError(_("Only published training material can be confirmed."))
    if not page.in_audience(user) or not rules.can(user, rules.Action.VIEW, page):
        raise PermissionDenied(_("You are not in the audience of this training."))
    existing = page.confirmation_for(user)
    if existing is not None:
        return existing
    try:
        confirmation = records.write(
            "training.confirm",
            user,
            TrainingConfirmation(page=page, revision_id=page.live_revision_id, user=user),
            target=page,
            request=request,
            comment=_("Read and understood"),
            details={"revision": page.live_revision_id, "due": page.due_date, "late": page.is_late()},
        )
    except IntegrityError:
        # A second click at the same moment: the first one counts.
        return page.confirmation_for(user)
    return confirmation


def may_see_report(user, page):
    """The report is for the page's author, the heads of its department and
    the leadership, archivists and administration office who may edit it
    (who answer for the training being followed)."""
    if not user.is_authenticated:
        return False
    if page.owner_id == user.pk or (page.department_id and user.heads_department(page.department)):
        return True
    return bool(roles_of(user) & REPORT_ROLES) and page.permissions_for_user(user).can_edit()


@dataclass
class ReportRow:
    user: object
    confirmation: object
    late: bool

    @property
    def status(self):
        if self.confirmation is not None:
            return "late" if self.late else "confirmed"
        return "overdue" if self.late else "pending"


def report(page, today=None):
    """One row per audience member for the live revision, with counts."""
    today = today or timezone.localdate()
    confirmations = {
        c.user_id: c
        for c in TrainingConfirmation.objects.filter(page=page, revision_id=page.live_revision_id)
    }
    deadline = _end_of(page.due_date)
    rows = []
    for user in page.audience().select_related("department"):
        confirmation = confirmations.get(user.pk)
        if confirmation is not None:
            late = deadline is not None and confirmation.confirmed_at > deadline
        else:
            late = page.is_late(today)
        rows.append(ReportRow(user=user, confirmation=confirmation, late=late))
    counts = {
        "audience": len(rows),
        "confirmed": sum(r.confirmation is not None for r in rows),
        "missing": sum(r.confirmation is None for r in rows),
        "late": sum(r.late for r in rows),
    }
    return rows, counts


def _end_of(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.max))


def pending_confirmations(user):
    """Live training pages whose current revision ``user`` must still confirm."""
    if not user.is_authenticated:
        return []
    items = []
    pages = (
        TrainingPage.objects.live()
        .exclude(live_revision=None)
        .filter(rules.page_filter(user, rules.Action.VIEW))
    )
    for page in pages:
        if not page.in_audience(user) or page.confirmation_for(user) is not None:
            continue
        items.append(
            PendingItem(
                kind=PendingItem.CONFIRM,
                title=page.title,
                url=page.url,
                since=page.last_published_at or page.first_published_at or timezone.now(),
                due=_end_of(page.due_date),
                detail=_("Read and confirm: “I have read and understood”."),
            )
        )
    return items


# --- Reminders (run_periodic) ------------------------------------------------


def send_reminders(now=None):
    """Remind everyone in a live training's audience who has not confirmed
    its live revision, from ``TRAINING_REMINDER_DAYS_BEFORE`` days before
    the due date until the due date, at most once a day. Returns how many
    mails went out."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=settings.TRAINING_REMINDER_DAYS_BEFORE)
    sent = 0
    for page in TrainingPage.objects.live().filter(due_date__gte=today, due_date__lte=horizon):
        confirmed = TrainingConfirmation.objects.filter(page=page, revision_id=page.live_revision_id)
        for user in page.audience().exclude(pk__in=confirmed.values("user_id")):
            if not rules.can(user, Action.VIEW, page):
                continue
            sent += remind(
                Reminder.Kind.TRAINING,
                f"training:{page.pk}:{page.live_revision_id}",
                user,
                page,
                lambda page=page: _reminder_message(page),
                {"revision": page.live_revision_id, "due": page.due_date.isoformat()},
                now,
            )
    return sent


def _reminder_message(page):
    subject = _("Reminder: please read and confirm %(title)s") % {"title": page.title}
    body = _("Please read %(title)s and confirm you have read it by %(due)s:\n%(url)s\n") % {
        "title": page.title,
        "due": page.due_date.isoformat(),
        "url": page.full_url or page.url or "",
    }
    return subject, body
