"""The trail's health as the admin shows it: the last verification and checkpoint."""

from . import record
from .models import Checkpoint, Event, PendingEvent

VERIFY_ACTION = "trail.verify"


def record_verification(report):
    first = report.first_problem
    return record(
        VERIFY_ACTION,
        details={
            "ok": report.ok,
            "events": report.events,
            "head": report.head,
            "first_bad_seq": first.seq if first else None,
            "reason": first.reason if first else "",
            "seconds": round(getattr(report, "seconds", 0.0), 3),
        },
    )


def last_verification():
    return Event.objects.filter(action=VERIFY_ACTION).order_by("-id").first()


def last_checkpoint():
    return Checkpoint.objects.order_by("-size").first()


def pending_count():
    return PendingEvent.objects.count()
