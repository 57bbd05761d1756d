"""Repeated refusals raise a flag: a violation candidate (VIO-1).

The access app checks at once when it refuses someone; ``run_periodic``
also counts the refusals recorded elsewhere (the admin's, the trail
middleware's), so every kind of refusal can raise a flag."""

import datetime

from django.conf import settings
from django.utils import timezone

from portal import records
from portal.trail.models import Event

from ..models import RefusalFlag

REFUSAL_ACTIONS = ("access.refused", "request.refused", "access.visit.outside")


def _window_start(at):
    return at - datetime.timedelta(seconds=settings.ACCESS_REFUSAL_FLAG_WINDOW)


def note_refusals(user_id, at=None):
    """Raise a flag when ``user_id`` was refused
    ``ACCESS_REFUSAL_FLAG_THRESHOLD`` times within the
    ``ACCESS_REFUSAL_FLAG_WINDOW`` seconds before ``at`` (once per window)."""
    at = at or timezone.now()
    since = _window_start(at)
    if user_id is None or RefusalFlag.objects.filter(user_id=user_id, raised_at__gte=since).exists():
        return None
    refusals = Event.objects.filter(actor_id=user_id, action__in=REFUSAL_ACTIONS, at__gte=since, at__lte=at)
    count = refusals.count()
    if count < settings.ACCESS_REFUSAL_FLAG_THRESHOLD:
        return None
    first = refusals.order_by("at").values_list("at", flat=True).first()
    return records.write(
        "access.refusals_flagged",
        None,
        RefusalFlag(user_id=user_id, window_start=first, refusals=count),
        details={"user": user_id, "refusals": count, "since": since},
    )


def flag_repeated_refusals(now=None):
    """For ``run_periodic``: check everyone refused in the last window."""
    now = now or timezone.now()
    refused = Event.objects.filter(
        action__in=REFUSAL_ACTIONS, at__gte=_window_start(now), actor__isnull=False
    )
    people = set(refused.values_list("actor_id", flat=True))
    return sum(1 for user_id in sorted(people) if note_refusals(user_id, now))
