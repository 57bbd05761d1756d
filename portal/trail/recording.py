"""The trail's single entry point: :func:`record`."""

from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import chain, context, sealing, sources
from .models import Event

_encoder = DjangoJSONEncoder()


def _jsonable(value):
    """Details as plain JSON types (dates, decimals, UUIDs become strings)."""
    import json

    return json.loads(_encoder.encode(value))


def _department_of(obj):
    if obj is None:
        return None
    from portal.accounts.models import Department

    if isinstance(obj, Department):
        return obj
    for name in ("trail_department", "department", "owning_department"):
        department = getattr(obj, name, None)
        if isinstance(department, Department):
            return department
    return None


class TargetRef(NamedTuple):
    """A record named without loading it (e.g. one that no longer exists)."""

    type: str
    id: str
    label: str


def _describe_target(target):
    if target is None:
        return "", "", ""
    if isinstance(target, TargetRef):
        return target.type, str(target.id), str(target.label)[:255]
    specific = getattr(target, "specific_deferred", target)
    content_type = ContentType.objects.get_for_model(specific._meta.model, for_concrete_model=False)
    return f"{content_type.app_label}.{content_type.model}", str(target.pk), str(specific)[:255]


def _describe_actor(actor, request):
    system = context.current_system_actor()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if actor is not None:
        return actor, {"id": actor.pk, "name": actor.get_full_name(), "username": actor.get_username()}
    if system:
        return None, {"system": system}
    return None, None


def record(
    action,
    *,
    actor=None,
    target=None,
    details=None,
    request=None,
    source=None,
    department=None,
    target_label=None,
):
    """Append one event and return it (sealed moments later).

    ``action``: dotted name, e.g. ``"account.sign_in"``, ``"wagtail.publish"``.
    ``actor``: the user; by default the signed-in user of the current request
    or the current system job. ``target``: the record acted on (any model
    instance). ``details``: JSON-able facts. ``source``: a row this event
    mirrors (a Wagtail log entry, a revision, a reversion version), whose
    digest is sealed so that editing that row later is detected.

    The event is written in the caller's database transaction: it commits and
    rolls back with the change it records.
    """
    request = request or context.current_request()
    actor, actor_json = _describe_actor(actor, request)
    target_type, target_id, label = _describe_target(target)
    if target_label:
        label = target_label[:255]
    department = department or _department_of(target) or None
    source_ref = sources.reference(source) if source is not None else None
    at = timezone.now()
    ip = context.client_ip(request)
    body = chain.canonical_json(
        {
            "v": 1,
            "at": at.isoformat(),
            "action": action,
            "actor": actor_json,
            "ip": ip,
            "target": {"type": target_type, "id": target_id, "label": label}
            if target_type or label
            else None,
            "department": department.pk if department else None,
            "details": _jsonable(details or {}),
            "source": source_ref,
        }
    )
    event = Event.objects.create(
        at=at,
        actor=actor,
        actor_label=(actor_json or {}).get("name") or (actor_json or {}).get("system", ""),
        client_ip=ip,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=label,
        department=department,
        source_type=(source_ref or {}).get("type", ""),
        source_id=(source_ref or {}).get("id", ""),
        source_digest=(source_ref or {}).get("digest", ""),
        body=body,
    )
    transaction.on_commit(sealing.request_seal)
    return event
