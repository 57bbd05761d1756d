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


def reference(instance):
    """``{"type", "id", "digest"}`` for a source row, digested as stored."""
    source = source_for(type(instance))
    if source is None:
        raise ValueError(f"{type(instance).__name__} is not a sealed source")
    pk = str(instance.pk)
    digest = digests(source, [instance.pk]).get(pk)
    if digest is None:
        raise ValueError(f"{source.label} {pk} is not in the database")
    return {"type": source.label, "id": pk, "digest": digest}
