"""The trail's health as the admin and the site show it: the last
verification and checkpoint; and the verification ``run_periodic`` makes by
itself — what was sealed since the last verified checkpoint on every run,
the whole trail once a day."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from . import record
from .models import Checkpoint, Event, PendingEvent
from .standalone import REASONS

VERIFY_ACTION = "trail.verify"  # the whole trail
VERIFY_RECENT_ACTION = "trail.verify_recent"  # what was sealed since a verified checkpoint
VERIFY_ACTIONS = (VERIFY_ACTION, VERIFY_RECENT_ACTION)
WHOLE_TRAIL_EVERY = datetime.timedelta(days=1)


def record_verification(report, action=VERIFY_ACTION):
    first = report.first_problem
    return record(
        action,
        details={
            "ok": report.ok,
            "events": report.events,
            "head": report.head,
            "since": getattr(report, "since", 0),
            "first_bad_seq": first.seq if first else None,
            "reason": first.reason if first else "",
            "note": first.note if first else "",
            "seconds": round(getattr(report, "seconds", 0.0), 3),
        },
    )


def last_verification():
    return Event.objects.filter(action__in=VERIFY_ACTIONS).order_by("-id").first()


def failed_verification():
    """The last verification, when it failed; else None."""
    verification = last_verification()
    if verification is not None and not verification.details.get("ok"):
        return verification
    return None


def describe_failure(details):
    """``seq N: reason (note)`` of a failed verification, in the user's language."""
    reason = REASONS.get(details.get("reason"), details.get("reason", ""))
    text = _("event %(seq)s: %(reason)s") % {"seq": details.get("first_bad_seq"), "reason": _(reason)}
    return text + (f" ({details['note']})" if details.get("note") else "")


def last_checkpoint():
    return Checkpoint.objects.order_by("-size").first()


def pending_count():
    return PendingEvent.objects.count()


def _verified_events():
    """How many events the last successful verification held, or None."""
    verifications = Event.objects.filter(action__in=VERIFY_ACTIONS).select_related("seal").order_by("-id")
    for verification in verifications.iterator(chunk_size=50):
        details = verification.details
        if details.get("ok"):
            return details.get("events") or 0
    return None


def last_verified_checkpoint():
    """The latest checkpoint that a successful verification covered."""
    verified = _verified_events()
    if verified is None:
        return None
    return Checkpoint.objects.filter(size__lte=verified).order_by("-size").first()


def verify_periodically(now=None):
    """Verify what was sealed since the last verified checkpoint, or the whole
    trail when it has not been verified whole for a day (or never); record
    the result. Returns the report."""
    from .checks import verify, verify_since

    now = now or timezone.now()
    whole = Event.objects.filter(action=VERIFY_ACTION).order_by("-id").values_list("at", flat=True).first()
    checkpoint = last_verified_checkpoint()
    if whole is None or now - whole >= WHOLE_TRAIL_EVERY or checkpoint is None:
        report, action = verify(), VERIFY_ACTION
    else:
        report, action = verify_since(checkpoint), VERIFY_RECENT_ACTION
    record_verification(report, action)
    return report
