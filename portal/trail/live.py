"""The live state against its sealed history: what ``trail verify`` adds to
the chain and the source rows, so that an edit below the application (a
receipt's read time, a document number, a request's status changed in the
database) is found and located.

* A live page's own fields, and the people and groups it names (its
  parental many-to-many fields, e.g. the participants who may read it), must
  say what its live revision says (the revision itself is a sealed source row). Fields Wagtail keeps outside
  revisions (tree position, publishing state, locks) are left out; a field a
  page type keeps outside its revisions on purpose is named by the model in
  ``sealed_by_events``, ``{field: (action, detail key)}``, and must say what
  the latest sealed event of that action about the page says. A live page
  that no revision published was made below the application.
* Every row of a model under django-reversion must say what its latest
  version says (versions are sealed source rows too), field by field; a row
  without any version was made below the application.

Each check reads whole tables in a few queries per model, never one per row.
"""

import json
from collections import defaultdict

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_serializable_data_for_fields
from reversion.models import Version
from wagtail.fields import StreamField
from wagtail.models import Page, Revision, get_page_models

from . import sources
from .models import Seal
from .standalone import Problem

CHUNK = 2000

# Wagtail sets these on the page itself, not through a revision: the tree,
# publishing and scheduling state, locks, translations.
PAGE_STATE_FIELDS = frozenset(
    {
        "path", "depth", "numchild", "url_path", "live", "has_unpublished_changes", "first_published_at",
        "last_published_at", "live_revision", "latest_revision", "latest_revision_created_at", "draft_title",
        "locked", "locked_at", "locked_by", "expired", "go_live_at", "expire_at", "content_type", "locale",
        "translation_key", "alias_of",
    }
)  # fmt: skip


def _plain(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _label(model):
    return model._meta.label_lower


def _chunks(queryset):
    batch = []
    for item in queryset.iterator(chunk_size=CHUNK):
        batch.append(item)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _sealing_seqs(source_type, source_ids):
    """``{source id: seq}`` of the events that sealed these source rows."""
    rows = sources.sealed_rows(source_type, source_ids)
    return {source_id: seq for source_id, seq, _digest, _action in rows}


def _trail_end():
    return Seal.objects.order_by("-seq").values_list("seq", flat=True).first() or 1


def _event_values(model, fields):
    """``{(field, page id): value}`` from the latest sealed event of each
    field's action about each page of ``model``."""
    values = {}
    for name, (action, key) in fields.items():
        seals = Seal.objects.filter(event__action=action, event__target_type=_label(model)).order_by("seq")
        for target_id, body in seals.values_list("event__target_id", "body").iterator(chunk_size=CHUNK):
            details = json.loads(body).get("details") or {}
            if key in details:
                values[(name, target_id)] = details[key]
    return values


def _parsed(value):
    """A StreamField's JSON text as data: PostgreSQL's jsonb keeps keys in
    its own order, so the same stream may read back in another spelling."""
    try:
        return json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _page_differences(page, content, streams, sealed_by_events, event_values):
    live = _plain(get_serializable_data_for_fields(page))
    differences = []
    for name, value in live.items():
        if name in PAGE_STATE_FIELDS:
            continue
        expected = content.get(name)
        if name in sealed_by_events:
            expected = event_values.get((name, str(page.pk)), expected)
        elif name not in content:
            continue
        if name in streams:
            value, expected = _parsed(value), _parsed(expected)
        if value != expected:
            differences.append(name)
    return differences


def _parental_relations(model):
    """The many-to-many fields a page keeps in its revisions (e.g. its
    named participants): who may read a record must be what was sealed."""
    return [f for f in model._meta.many_to_many if isinstance(f, ParentalManyToManyField)]


def _related_ids(relations, pages):
    """``{(field, page id): sorted related ids}`` for ``pages``, one query per field."""
    found = defaultdict(list)
    ids = [page.pk for page in pages]
    for field in relations:
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = field.remote_field.through.objects.filter(**{f"{source}__in": ids})
        for page_id, related_id in rows.values_list(source, target):
            found[(field.name, page_id)].append(related_id)
    return {key: sorted(values) for key, values in found.items()}


def _relation_differences(page, content, relations, related):
    return [
        field.name
        for field in relations
        if sorted(content.get(field.name) or []) != related.get((field.name, page.pk), [])
    ]


def _pages_without_revision():
    """Live pages (the tree's root aside) that no revision ever published."""
    pages = Page.objects.filter(live=True, live_revision=None, depth__gt=1).order_by("pk")
    by_type = defaultdict(list)
    for pk, content_type in pages.values_list("pk", "content_type").iterator(chunk_size=CHUNK):
        by_type[content_type].append(str(pk))
    end = _trail_end() if by_type else None
    problems = []
    for content_type_id, pks in by_type.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        label = f"{content_type.app_label}.{content_type.model}"
        problems.append(Problem(end, "live_unversioned", f"{label} {', '.join(pks[:5])}"))
    return problems


def check_pages():
    """Every live page against its live revision."""
    found = []  # (label, page id, revision id, fields)
    for model in get_page_models():
        content_type = ContentType.objects.get_for_model(model)
        sealed_by_events = getattr(model, "sealed_by_events", {})
        event_values = _event_values(model, sealed_by_events)
        auto = {f.name for f in model._meta.fields if getattr(f, "auto_now", False)}
        streams = {f.name for f in model._meta.fields if isinstance(f, StreamField)}
        relations = _parental_relations(model)
        pages = model.objects.filter(content_type=content_type, live=True).exclude(live_revision=None)
        for batch in _chunks(pages.order_by("pk")):
            contents = dict(
                Revision.objects.filter(pk__in=[p.live_revision_id for p in batch]).values_list(
                    "pk", "content"
                )
            )
            related = _related_ids(relations, batch)
            for page in batch:
                content = contents.get(page.live_revision_id)
                if content is None:
                    continue  # a missing revision is a source row's problem
                fields = [
                    f
                    for f in _page_differences(page, content, streams, sealed_by_events, event_values)
                    if f not in auto
                ] + _relation_differences(page, content, relations, related)
                if fields:
                    found.append((_label(model), page.pk, page.live_revision_id, fields))
    seqs = _sealing_seqs("wagtailcore.revision", [revision for _l, _p, revision, _f in found])
    last = None
    problems = []
    for label, pk, revision, fields in found:
        seq = seqs.get(str(revision))
        if seq is None:
            seq = last = last or _trail_end()
        problems.append(Problem(seq, "live_changed", f"{label} {pk}: {', '.join(fields)}"))
    return problems + _pages_without_revision()


def _latest_versions(model):
    """``{object id: {field: value}}`` from the latest version of each row."""
    content_type = ContentType.objects.get_for_model(model)
    latest = Version.objects.filter(content_type=content_type).values("object_id").annotate(last=Max("pk"))
    versions = Version.objects.filter(pk__in=latest.values("last")).values_list(
        "pk", "object_id", "serialized_data"
    )
    result = {}
    for pk, object_id, data in versions.iterator(chunk_size=CHUNK):
        try:
            fields = json.loads(data)[0]["fields"]
        except (ValueError, LookupError, TypeError):
            fields = {}  # an unreadable version differs from any row
        result[object_id] = (pk, fields)
    return result


def _register_rows(model):
    """``(pk, {field: value})`` of every row, serialized as reversion does."""
    names = [f.name for f in model._meta.local_fields if not f.primary_key]
    for batch in _chunks(model._base_manager.order_by("pk")):
        for row in json.loads(serializers.serialize("json", batch, fields=names)):
            yield str(row["pk"]), row["fields"]


def check_registers():
    """Every row of every model under reversion against its latest version."""
    changed, unversioned = [], defaultdict(list)
    for model in reversion.get_registered_models():
        label = _label(model)
        versions = _latest_versions(model)
        for pk, fields in _register_rows(model):
            if pk not in versions:
                unversioned[label].append(pk)
                continue
            version_pk, sealed = versions[pk]
            differences = [name for name, value in fields.items() if sealed.get(name, value) != value]
            if differences or not sealed:
                changed.append((label, pk, version_pk, differences))
    seqs = _sealing_seqs("reversion.version", [version for _l, _p, version, _f in changed])
    problems = []
    for label, pk, version, fields in changed:
        seq = seqs.get(str(version)) or _trail_end()
        problems.append(Problem(seq, "live_changed", f"{label} {pk}: {', '.join(fields)}"))
    for label, pks in unversioned.items():
        problems.append(Problem(_trail_end(), "live_unversioned", f"{label} {', '.join(pks[:5])}"))
    return problems


def check_live():
    return check_pages() + check_registers()
