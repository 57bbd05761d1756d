"""``trail verify`` against the database: the chain and checkpoints (shared
with the standalone verifier), plus what only the database can show — the
searchable columns against the sealed content, and every mirrored source row
against its sealed digest."""

import itertools
import json
import multiprocessing
import threading
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor

import psycopg
from django.conf import settings
from django.db import connection, connections
from django.db.models import Max, Min

from . import chain, live, sealing, signing, sources
from .models import Checkpoint, Event, Seal
from .receivers import SOURCE_DELETED
from .sealing import SEALS
from .standalone import ChainChecker, Problem, link_checks

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


def check_chain(workers=None):
    """The hash chain, every checkpoint (head, Merkle root, signature) and the
    last seal's signature.

    A long chain is checked by several processes, in ranges that start at
    multiples of a power of two: an event's hash depends only on its row and
    the stored hash before it, and each range is a whole Merkle subtree whose
    frontier joins the ones before it."""
    checkpoints = _as_signed(checkpoint_dicts())
    checker = ChainChecker(checkpoints, trusted_keys=signing.trusted_public_keys(), frontier=chain.Frontier())
    last = Seal.objects.aggregate(last=Max("seq"))["last"] or 0
    workers = workers or settings.TRAIL_VERIFY_WORKERS
    # Forked workers would inherit (and, exiting, close) the database sockets
    # of any other thread, e.g. a web server's: then one process checks.
    if workers < 2 or last < settings.TRAIL_VERIFY_PARALLEL_FROM or threading.active_count() > 1:
        workers = 1
        checker.feed_linked(_linked_rows(1))
    else:
        span = 1 << max(0, (-(-last // (2 * workers))).bit_length() - 1)
        ranges = [(start, min(start + span - 1, last), checkpoints) for start in range(1, last + 1, span)]
        connections.close_all()  # the forked workers open their own
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(_check_range, ranges):
                checker.absorb(part)
    report = checker.finish(public_key=signing.public_key_bytes())
    report.processes = workers
    return report


# PostgreSQL hashes each event onto the stored hash before it itself (in C,
# next to the data) and hands over the verdict with the stored hash; the Merkle
# tree, order, checkpoints and signatures are checked here, as everywhere.
_LINKED_SQL = f"""
    SELECT seq, digest = stored, stored, signature FROM (
        SELECT seq, signature, stored,
               sha256(lag(stored, 1, %s) OVER (ORDER BY seq) || int8send(seq) || convert_to(body, 'UTF8'))
                   AS digest
        FROM (SELECT seq, body, signature, decode(hash, 'hex') AS stored
              FROM {SEALS} WHERE seq >= %s AND seq <= %s) AS s
    ) AS l ORDER BY seq"""  # noqa: S608


def _linked_rows(start, end=None):
    """(seq, linked, stored hash, signature) of events ``start``..``end``,
    each linked onto the stored hash of the event before it (event ``start - 1``
    for the first; the genesis hash for event 1)."""
    end = end if end is not None else 2**62
    before, genesis = max(start - 1, 1), chain.GENESIS if start == 1 else None
    if connection.vendor == "postgresql":
        rows = _postgresql_linked_rows(before, end, genesis)
    else:
        rows = link_checks(_rows(before, end), genesis)
    if start > 1:  # event start - 1 only gave its hash to link onto
        first = next(rows, None)
        if first is not None and first[0] != start - 1:
            rows = itertools.chain([first], rows)
    return rows


def _postgresql_linked_rows(start, end, genesis):
    last = None
    try:
        for row in _postgresql_rows(start, end, genesis):
            yield row
            last = row
    except psycopg.DataError:
        # A stored hash that is not hexadecimal: the rest is linked here, where
        # such a hash is a mismatch, not an error.
        resume, prev = (last[0] + 1, last[2]) if last else (start, genesis)
        yield from link_checks(_rows(resume, end), prev)


def _postgresql_rows(start, end, genesis):
    connection.ensure_connection()
    pg = connection.connection
    with pg.transaction(), pg.cursor(name="trail_links", binary=True) as cursor:
        # Read in the order of the key, whatever the planner's statistics say
        # (a sort of a long trail would spill to disk).
        pg.execute("SET LOCAL enable_sort = off")
        cursor.itersize = FETCH
        cursor.execute(_LINKED_SQL, [genesis, start, end])
        while rows := cursor.fetchmany(FETCH):
            yield from rows


def _rows(start, end):
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT seq, body, hash, signature FROM {SEALS} WHERE seq >= %s AND seq <= %s ORDER BY seq",  # noqa: S608
            [start, end],
        )
        while rows := cursor.fetchmany(FETCH):
            yield from rows


def _check_range(job):
    """In a worker process: events ``start``..``end``, chained from the stored
    hash of event ``start - 1``."""
    start, end, checkpoints = job
    part = ChainChecker(
        [cp for cp in checkpoints if start <= cp["size"] <= end],
        start_seq=start,
        frontier=chain.Frontier(),
        check_signatures=False,
        defer_roots=True,
    )
    part.feed_linked(_linked_rows(start, end))
    part.finish(end_seq=end)
    connection.close()
    return part


# The searchable columns must say what the sealed body says.
_COLUMNS_AGREE = {
    "sqlite": """
        e.action IS json_extract(s.body, '$.action')
        AND julianday(e.at) = julianday(json_extract(s.body, '$.at'))
        AND e.actor_id IS json_extract(s.body, '$.actor.id')
        AND e.client_ip IS json_extract(s.body, '$.ip')
        AND e.department_id IS json_extract(s.body, '$.department')
        AND e.target_type = coalesce(json_extract(s.body, '$.target.type'), '')
        AND e.target_id = coalesce(json_extract(s.body, '$.target.id'), '')
        AND e.target_label = coalesce(json_extract(s.body, '$.target.label'), '')
        AND e.source_type = coalesce(json_extract(s.body, '$.source.type'), '')
        AND e.source_id = coalesce(json_extract(s.body, '$.source.id'), '')
        AND e.source_digest = coalesce(json_extract(s.body, '$.source.digest'), '')""",
    "postgresql": """
        e.action IS NOT DISTINCT FROM b.action
        AND e.at = b.at
        AND e.actor_id IS NOT DISTINCT FROM (b.actor->>'id')::bigint
        AND e.client_ip IS NOT DISTINCT FROM b.ip
        AND e.department_id IS NOT DISTINCT FROM b.department
        AND e.target_type = coalesce(b.target->>'type', '')
        AND e.target_id = coalesce(b.target->>'id', '')
        AND e.target_label = coalesce(b.target->>'label', '')
        AND e.source_type = coalesce(b.source->>'type', '')
        AND e.source_id = coalesce(b.source->>'id', '')
        AND e.source_digest = coalesce(b.source->>'digest', '')""",
}


# PostgreSQL parses each body once, into a record.
_PARSED = {
    "sqlite": "",
    "postgresql": "CROSS JOIN LATERAL jsonb_to_record(s.body::jsonb) AS b(action text, at timestamptz,"
    " actor jsonb, ip inet, department bigint, target jsonb, source jsonb)",
}


# The rows of trail_eventsource must be the sources the sealed body names,
# no more, no fewer (events sealed before version 2 name none there).
_SOURCES_AGREE = {
    "sqlite": """
        SELECT s.seq FROM trail_seal s WHERE s.seq > %s AND (
            coalesce(json_array_length(s.body, '$.sources'), 0)
                != (SELECT count(*) FROM trail_eventsource es WHERE es.event_id = s.event_id)
            OR EXISTS (SELECT 1 FROM json_each(s.body, '$.sources') j WHERE NOT EXISTS (
                SELECT 1 FROM trail_eventsource es WHERE es.event_id = s.event_id
                AND es.source_type = json_extract(j.value, '$.type')
                AND es.source_id = json_extract(j.value, '$.id')
                AND es.digest = json_extract(j.value, '$.digest'))))
        ORDER BY s.seq LIMIT 1""",
    "postgresql": """
        SELECT s.seq FROM trail_seal s
        CROSS JOIN LATERAL (SELECT coalesce(s.body::jsonb -> 'sources', '[]'::jsonb) AS named) b
        WHERE s.seq > %s AND (
            jsonb_array_length(b.named)
                != (SELECT count(*) FROM trail_eventsource es WHERE es.event_id = s.event_id)
            OR EXISTS (SELECT 1 FROM jsonb_array_elements(b.named) j WHERE NOT EXISTS (
                SELECT 1 FROM trail_eventsource es WHERE es.event_id = s.event_id
                AND es.source_type = j->>'type' AND es.source_id = j->>'id' AND es.digest = j->>'digest')))
        ORDER BY s.seq LIMIT 1""",
}


def check_columns(after=0):
    """Each seal's event row (after event ``after``) exists and its columns,
    and the sources listed for it, say what the seal says."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.seq FROM trail_seal s {_PARSED[connection.vendor]}"  # noqa: S608
            " LEFT JOIN trail_event e ON e.id = s.event_id"
            f" WHERE s.seq > %s AND (e.id IS NULL OR NOT ({_COLUMNS_AGREE[connection.vendor]}))"
            " ORDER BY s.seq LIMIT 1",
            [after],
        )
        row = cursor.fetchone()
        if row is None:
            cursor.execute(_SOURCES_AGREE[connection.vendor], [after])
            row = cursor.fetchone()
    return [Problem(row[0], "columns")] if row else []


def check_queue():
    """Every event is sealed or waiting to be; one that is neither was taken
    out of the sealer's queue."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id FROM trail_event e"
            " WHERE NOT EXISTS (SELECT 1 FROM trail_seal s WHERE s.event_id = e.id)"
            " AND NOT EXISTS (SELECT 1 FROM trail_pendingevent p WHERE p.event_id = e.id)"
            " ORDER BY e.id LIMIT 5"
        )
        lost = [row[0] for row in cursor.fetchall()]
        if not lost:
            return []
        cursor.execute("SELECT coalesce(max(seq), 0) FROM trail_seal")
        after = cursor.fetchone()[0]
    return [Problem(after + 1, "unsealed_event", "event id " + ", ".join(map(str, lost)))]


def check_sources():
    """Every sealed source row is unchanged, or its deletion was recorded; and
    no source row made since the trail began lacks an event."""
    problems = []
    genesis = Event.objects.aggregate(at=Min("at"))["at"]
    for source in sources.SOURCES.values():
        sealed = defaultdict(list)  # id -> [(seq, digest, action)]
        for source_id, seq, digest, action in sources.sealed_rows(source.label):
            sealed[source_id].append((seq, digest, action))
        for entries in sealed.values():
            entries.sort()
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
    last = Seal.objects.order_by("-seq").values_list("seq", flat=True).first()
    return [Problem(last or 1, "source_unsealed", f"{source.label} {', '.join(missing[:5])}")]


def verify():
    """Seal what is waiting, then check everything; returns the report
    (problems sorted: the first names the first bad sequence number)."""
    sealing.seal()
    started = time.perf_counter()
    report = check_chain()
    report.problems.extend(check_columns())
    report.problems.extend(check_queue())
    report.problems.extend(check_sources())
    report.problems.extend(live.check_live())
    report.problems.sort()
    report.seconds = time.perf_counter() - started
    report.since = 0
    return report


def check_chain_since(checkpoint):
    """The chain after ``checkpoint`` (one a verification has already held
    against the whole chain): its stored head still says what the
    checkpoint says, every later event links onto it, later checkpoints
    match, every signature holds."""
    checker = ChainChecker(
        _as_signed(checkpoint_dicts()),
        trusted_keys=signing.trusted_public_keys(),
        start_seq=checkpoint.size + 1,
        prev_hash=bytes.fromhex(checkpoint.head_hash),
        frontier=chain.Frontier.from_json(json.loads(checkpoint.frontier)),
    )
    seal = Seal.objects.filter(seq=checkpoint.size).values_list("hash", "signature").first()
    if seal is None or seal[0] != checkpoint.head_hash:
        checker.report.problems.append(Problem(checkpoint.size, "checkpoint_head"))
    elif seal[1]:
        # The head's seal signature, should nothing have been sealed since.
        checker._last_signature = (checkpoint.size, seal[0], seal[1])
    checker.feed_linked(_linked_rows(checkpoint.size + 1))
    report = checker.finish(public_key=signing.public_key_bytes())
    report.processes = 1
    return report


def verify_since(checkpoint):
    """What was sealed after ``checkpoint``: the chain, the columns and the
    queue. The whole trail, source rows and live records included, is
    checked by :func:`verify`."""
    sealing.seal()
    started = time.perf_counter()
    report = check_chain_since(checkpoint)
    report.problems.extend(check_columns(after=checkpoint.size))
    report.problems.extend(check_queue())
    report.problems.sort()
    report.seconds = time.perf_counter() - started
    report.since = checkpoint.size
    return report
