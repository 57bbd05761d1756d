"""Repeated refusals raise a flag: a violation candidate (VIO-1)."""

import datetime
import json

import reversion
from django.conf import settings
from django.db import transaction

from portal import trail
from portal.trail.models import Event

from ..models import RefusalFlag

REFUSAL_ACTIONS = ("access.refused", "request.refused", "access.visit.outside")


def note_refusal(event):
    """Called for every refusal sealed into the trail: raise a flag when the
    person has been refused ``ACCESS_REFUSAL_FLAG_THRESHOLD`` times within
    ``ACCESS_REFUSAL_FLAG_WINDOW`` seconds, once per window."""
    if event.action not in REFUSAL_ACTIONS or event.actor_id is None:
        return None
    since = event.at - datetime.timedelta(seconds=settings.ACCESS_REFUSAL_FLAG_WINDOW)
    if RefusalFlag.objects.filter(user_id=event.actor_id, raised_at__gte=since).exists():
        return None
    refusals = Event.objects.filter(actor_id=event.actor_id, action__in=REFUSAL_ACTIONS, at__gte=since)
    count = refusals.count()
    if count < settings.ACCESS_REFUSAL_FLAG_THRESHOLD:
        return None
    rows = list(refusals.order_by("at").values_list("at", "body"))
    with transaction.atomic(), reversion.create_revision():
        flag = RefusalFlag.objects.create(
            user_id=event.actor_id,
            window_start=rows[0][0],
            refusals=count,
            paths=[_path(body) for _at, body in rows][-20:],
        )
        reversion.set_comment("access.refusals_flagged")
        trail.record(
            "access.refusals_flagged",
            actor=None,
            target=flag,
            details={"user": event.actor_id, "refusals": count, "since": since},
        )
    return flag


def _path(body):
    return json.loads(body).get("details", {}).get("path", "")
