"""Rows of other tables that the trail mirrors and protects.

For each source row sealed into an event, the event carries a digest of the
row's durable fields. Verification recomputes the digests, so editing a
Wagtail log entry, a page revision or a reversion version after the fact is
found, and so is deleting one (unless its deletion was itself recorded).
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder

from .models import Event, EventSource


@dataclass(frozen=True)
class Source:
    label: str  # "app_label.modelname"
    # Fields Wagtail or reversion legitimately change later are left out:
    # a log entry's ``deleted`` flag is set when its object is deleted.
    exclude: frozenset = field(default_factory=frozenset)
    extra: tuple = ()  # related fields sealed along, e.g. the reversion comment

    @property
    def model(self):
        return apps.get_model(self.label)

    def fields(self):
        names = [f.attname for f in self.model._meta.concrete_fields if f.attname not in self.exclude]
        return [*names, *self.extra]


SOURCES = {
    source.label: source
    for source in (
        Source("wagtailcore.pagelogentry", exclude=frozenset({"deleted"})),
        Source("wagtailcore.modellogentry", exclude=frozenset({"deleted"})),
        Source(
            "wagtailcore.revision",
            # Scheduling fields change when a revision is approved for publishing.
            exclude=frozenset({"approved_go_live_at", "submitted_for_moderation"}),
        ),
        Source(
            "reversion.version",
            extra=("revision__comment", "revision__date_created", "revision__user_id"),
        ),
    )
}


def source_for(model):
    return SOURCES.get(model._meta.label_lower)


def _digest(values):
    text = json.dumps(
        values, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode()).hexdigest()


def digests(source, pks):
    """``{str(pk): digest}`` of the rows that still exist, read from the database."""
    result = {}
    pks = list(pks)
    for start in range(0, len(pks), 2000):
        rows = source.model._base_manager.filter(pk__in=pks[start : start + 2000]).values(*source.fields())
        for row in rows:
            result[str(row["id"])] = _digest(row)
    return result


def references(instances, skip_missing=False):
    """``[{"type", "id", "digest"}]`` for source rows, digested as stored
    (one query per kind of row), in the order given, each row once; a
    reference already made passes through. A row not in the database is an
    error, or left out with ``skip_missing`` (a row written in a savepoint
    since rolled back never happened)."""
    by_source, order, made = {}, [], {}
    for instance in instances:
        if isinstance(instance, dict):
            key = (instance["type"], instance["id"])
            if key not in made:
                made[key] = instance["digest"]
                order.append(key)
            continue
        source = source_for(type(instance))
        if source is None:
            raise ValueError(f"{type(instance).__name__} is not a sealed source")
        key = (source.label, str(instance.pk))
        if key not in by_source.setdefault(source, {}):
            by_source[source][key] = instance.pk
            order.append(key)
    found = dict(made)
    for source, keys in by_source.items():
        for pk, digest in digests(source, keys.values()).items():
            found[(source.label, pk)] = digest
    missing = [key for key in order if key not in found]
    if missing and skip_missing:
        order = [key for key in order if key in found]
    elif missing:
        raise ValueError(f"{missing[0][0]} {missing[0][1]} is not in the database")
    return [{"type": label, "id": pk, "digest": found[(label, pk)]} for label, pk in order]


def reference(instance):
    """``{"type", "id", "digest"}`` for one source row, digested as stored."""
    return references([instance])[0]


CHUNK = 20_000


def sealed_rows(source_type, source_ids=None):
    """``(source id, seq, digest, action)`` of every sealed event naming a
    row of ``source_type`` (of ``source_ids`` only, when given): events of
    version 2 name theirs in ``trail_eventsource``, earlier ones in their
    own columns."""
    named = EventSource.objects.filter(source_type=source_type, event__seal__isnull=False)
    alone = Event.objects.filter(source_type=source_type, seal__isnull=False)
    if source_ids is not None:
        ids = [str(i) for i in source_ids]
        named, alone = named.filter(source_id__in=ids), alone.filter(source_id__in=ids)
    yield from named.values_list("source_id", "event__seal__seq", "digest", "event__action").iterator(
        chunk_size=CHUNK
    )
    yield from alone.values_list("source_id", "seal__seq", "source_digest", "action").iterator(
        chunk_size=CHUNK
    )
