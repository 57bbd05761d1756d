"""The trail's single entry point: :func:`record`."""

import json
from typing import NamedTuple

import psycopg
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from . import chain, context, sealing
from .models import Event, EventSource, PendingEvent
from .sources import references

# The accounts app's department, reached through the event's own field: the
# trail is the ground floor and imports none of the portal's other apps.
Department = Event._meta.get_field("department").related_model

_encoder = DjangoJSONEncoder()


def _jsonable(value):
    """Details as plain JSON types (dates, decimals, UUIDs become strings)."""
    return json.loads(_encoder.encode(value))


def department_of(obj):
    if obj is None:
        return None
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


def describe_target(target):
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


_COLUMNS = (
    "at", "actor_id", "actor_label", "client_ip", "action", "target_type", "target_id", "target_label",
    "department_id", "source_type", "source_id", "source_digest",
)  # fmt: skip
_VALUES = ", ".join(["%s"] * len(_COLUMNS))
_INSERT_EVENT = f"INSERT INTO {Event._meta.db_table} ({', '.join(_COLUMNS)}) VALUES ({_VALUES})"  # noqa: S608
_INSERT_SOURCES = (
    f"INSERT INTO {EventSource._meta.db_table} (event_id, source_type, source_id, digest)"  # noqa: S608
    " VALUES (%s, %s, %s, %s)"
)
_INSERT_PENDING = f"INSERT INTO {PendingEvent._meta.db_table} (event_id, body) VALUES (%s, %s)"  # noqa: S608
# PostgreSQL: both rows in one statement, prepared once per connection.
_PENDING_TABLE = PendingEvent._meta.db_table
_INSERT_BOTH = (
    f"WITH e AS ({_INSERT_EVENT} RETURNING id) "  # noqa: S608
    f"INSERT INTO {_PENDING_TABLE} (event_id, body) SELECT id, %s FROM e RETURNING event_id"
)


def _insert(values, body, source_refs=()):
    """Plain INSERTs: the ORM's per-call compilation would cost more than the
    rest of recording, on every request."""
    params = [values[column] for column in _COLUMNS]
    params[0] = connection.ops.adapt_datetimefield_value(values["at"])
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(_INSERT_BOTH, [*params, body], prepare=True)
            (event_id,) = cursor.fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(_INSERT_EVENT + " RETURNING id", params)
            (event_id,) = cursor.fetchone()
            cursor.execute(_INSERT_PENDING, [event_id, body])
    if source_refs:
        with connection.cursor() as cursor:
            cursor.executemany(
                _INSERT_SOURCES, [(event_id, r["type"], r["id"], r["digest"]) for r in source_refs]
            )
    event = Event(id=event_id, **values)
    event._state.adding = False
    event._state.db = connection.alias
    return event


def record(
    action,
    *,
    actor=None,
    target=None,
    details=None,
    request=None,
    source=None,
    sources=(),
    department=None,
    target_label=None,
):
    """Append one event and return it (sealed moments later).

    ``action``: dotted name, e.g. ``"account.sign_in"``, ``"wagtail.publish"``.
    ``actor``: the user; by default the signed-in user of the current request
    or the current system job. ``target``: the record acted on (any model
    instance). ``details``: JSON-able facts. ``sources`` (or one
    ``source``): the rows the action wrote that the trail protects (Wagtail
    log entries and revisions, reversion versions), whose digests are sealed
    so that editing or removing one later is detected. Inside
    :func:`portal.trail.action` such rows are gathered by themselves.

    The event is written in the caller's database transaction: it commits and
    rolls back with the change it records.
    """
    request = request or context.current_request()
    actor, actor_json = _describe_actor(actor, request)
    target_type, target_id, label = describe_target(target)
    if target_label:
        label = target_label[:255]
    department = department or department_of(target) or None
    source_refs = references([*([source] if source is not None else []), *sources])
    at = timezone.now()
    ip = context.client_ip(request)
    body = chain.canonical_json(
        {
            "v": 2,
            "at": at.isoformat(),
            "action": action,
            "actor": actor_json,
            "ip": ip,
            "target": {"type": target_type, "id": target_id, "label": label}
            if target_type or label
            else None,
            "department": department.pk if department else None,
            "details": _jsonable(details or {}),
            "sources": source_refs,
        }
    )
    values = {
        "at": at,
        "actor_id": actor.pk if actor is not None else None,
        "actor_label": (actor_json or {}).get("name") or (actor_json or {}).get("system", ""),
        "client_ip": ip,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "target_label": label,
        "department_id": department.pk if department else None,
        # Events sealed before version 2 kept their one source here.
        "source_type": "",
        "source_id": "",
        "source_digest": "",
    }
    event = _insert(values, body, source_refs)
    transaction.on_commit(sealing.request_seal)
    return event
