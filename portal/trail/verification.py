"""``trail verify`` against the database: the chain and checkpoints (shared
with the standalone verifier), plus what only the database can show — the
searchable columns against the sealed content, and every mirrored source row
against its sealed digest."""

import time
from collections import defaultdict

from django.db import connection
from django.db.models import Min

from . import chain, signing, sources
from .models import Checkpoint, Event
from .receivers import SOURCE_DELETED
from .sealing import TABLE
from .verifier import ChainChecker, Problem

FETCH = 20_000


def checkpoint_dicts():
    return list(
        Checkpoint.objects.order_by("size").values(
            "size", "head_hash", "root_hash", "at", "key_id", "public_key", "signature"
        )
    )


def _as_signed(checkpoints):
    for cp in checkpoints:
        cp["at"] = cp["at"].isoformat()
    return checkpoints


def check_chain(frontier=True):
    checker = ChainChecker(
        _as_signed(checkpoint_dicts()),
        trusted_keys=signing.trusted_public_keys(),
        frontier=chain.Frontier() if frontier else None,
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT seq, body, hash, seal_signature FROM {TABLE} WHERE seq IS NOT NULL ORDER BY seq"  # noqa: S608
        )
        while rows := cursor.fetchmany(FETCH):
            checker.feed(rows)
    return checker.finish(public_key=signing.public_key_bytes())


# The searchable columns must say what the sealed body says.
_COLUMN_CHECKS = {
    "sqlite": """
        SELECT seq FROM trail_event WHERE seq IS NOT NULL AND NOT (
            action IS json_extract(body, '$.action')
            AND julianday(at) = julianday(json_extract(body, '$.at'))
            AND actor_id IS json_extract(body, '$.actor.id')
            AND client_ip IS json_extract(body, '$.ip')
            AND department_id IS json_extract(body, '$.department')
            AND target_type = coalesce(json_extract(body, '$.target.type'), '')
            AND target_id = coalesce(json_extract(body, '$.target.id'), '')
            AND target_label = coalesce(json_extract(body, '$.target.label'), '')
            AND source_type = coalesce(json_extract(body, '$.source.type'), '')
            AND source_id = coalesce(json_extract(body, '$.source.id'), '')
            AND source_digest = coalesce(json_extract(body, '$.source.digest'), '')
        ) ORDER BY seq LIMIT 1""",
    "postgresql": """
        SELECT seq FROM (SELECT *, body::jsonb AS b FROM trail_event WHERE seq IS NOT NULL) e WHERE NOT (
            action IS NOT DISTINCT FROM b->>'action'
            AND at = (b->>'at')::timestamptz
            AND actor_id IS NOT DISTINCT FROM (b->'actor'->>'id')::bigint
            AND client_ip IS NOT DISTINCT FROM (b->>'ip')::inet
            AND department_id IS NOT DISTINCT FROM (b->>'department')::bigint
            AND target_type = coalesce(b->'target'->>'type', '')
            AND target_id = coalesce(b->'target'->>'id', '')
            AND target_label = coalesce(b->'target'->>'label', '')
            AND source_type = coalesce(b->'source'->>'type', '')
            AND source_id = coalesce(b->'source'->>'id', '')
            AND source_digest = coalesce(b->'source'->>'digest', '')
        ) ORDER BY seq LIMIT 1""",
}


def check_columns():
    with connection.cursor() as cursor:
        cursor.execute(_COLUMN_CHECKS[connection.vendor])
        row = cursor.fetchone()
    return [Problem(row[0], "columns")] if row else []


def check_sources():
    """Every sealed source row is unchanged, or its deletion was recorded; and
    no source row made since the trail began lacks an event."""
    problems = []
    genesis = Event.objects.filter(seq__isnull=False).aggregate(at=Min("at"))["at"]
    for source in sources.SOURCES.values():
        sealed = defaultdict(list)  # id -> [(seq, digest, action)]
        rows = (
            Event.objects.filter(source_type=source.label, seq__isnull=False)
            .order_by("seq")
            .values_list("source_id", "seq", "source_digest", "action")
        )
        for source_id, seq, digest, action in rows.iterator(chunk_size=FETCH):
            sealed[source_id].append((seq, digest, action))
        current = sources.digests(source, list(sealed))
        for source_id, entries in sealed.items():
            now = current.get(source_id)
            first_digest = entries[0][1]
            for seq, digest, _action in entries:
                if digest != first_digest or (now is not None and digest != now):
                    problems.append(Problem(seq, "source_changed", f"{source.label} {source_id}"))
                    break
            else:
                if now is None and not any(action == SOURCE_DELETED for *_x, action in entries):
                    problems.append(Problem(entries[0][0], "source_missing", f"{source.label} {source_id}"))
        if genesis is not None:
            problems.extend(_unsealed(source, sealed, genesis))
    return problems


_CREATED_FIELD = {
    "wagtailcore.pagelogentry": "timestamp",
    "wagtailcore.modellogentry": "timestamp",
    "wagtailcore.revision": "created_at",
    "reversion.version": "revision__date_created",
}


def _unsealed(source, sealed, genesis):
    created = _CREATED_FIELD[source.label]
    ids = source.model._base_manager.filter(**{f"{created}__gte": genesis}).values_list("pk", flat=True)
    missing = [str(pk) for pk in ids.iterator(chunk_size=FETCH) if str(pk) not in sealed]
    if not missing:
        return []
    # The event that sealed it is gone; the trail's end is the best place to point at.
    last = Event.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", flat=True).first()
    return [Problem(last or 1, "source_unsealed", f"{source.label} {', '.join(missing[:5])}")]


def verify():
    """Check everything; returns the report (problems sorted, first = first bad seq)."""
    started = time.perf_counter()
    report = check_chain()
    report.problems.extend(check_columns())
    report.problems.extend(check_sources())
    report.problems.sort()
    report.seconds = time.perf_counter() - started
    return report
