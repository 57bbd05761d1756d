"""Sealing: numbering pending events gap-free and chaining their hashes.

Recording an event is one INSERT in the caller's transaction; nobody waits
for a global lock there. Sealing happens after the commit, in batches, under
one lock on the chain (a PostgreSQL advisory lock; on SQLite the write
transaction itself): each pending body moves into an append-only seal row
with its number and hash. Many processes write concurrently and the chain
stays a single, gap-free line. Events from transactions that rolled back never
exist; committed ones are never skipped, only sealed by the next batch.
"""

import atexit
import logging
import os
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from . import chain, signing
from .models import PendingEvent, Seal

logger = logging.getLogger(__name__)

CHAIN_LOCK_KEY = 0x4C69_7548  # "LiuH"
SEALS = Seal._meta.db_table
PENDING = PendingEvent._meta.db_table


def lock_chain(cursor):
    """Hold the chain's lock until the end of the current transaction."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite: atomic() opened BEGIN IMMEDIATE, which already holds the only write lock.


def head(cursor):
    """(seq, hash bytes) of the last sealed event, or (0, genesis)."""
    cursor.execute(f"SELECT seq, hash FROM {SEALS} ORDER BY seq DESC LIMIT 1")  # noqa: S608
    row = cursor.fetchone()
    return (row[0], bytes.fromhex(row[1])) if row else (0, chain.GENESIS)


def _write(cursor, seals):
    ids = [seal[1] for seal in seals]
    if connection.vendor == "postgresql":
        # A seal lost in a crash is redone identically from the pending queue
        # (Ed25519 signatures are deterministic), so it need not wait for disk.
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        with cursor.cursor.copy(f"COPY {SEALS} (seq, event_id, body, hash, signature) FROM STDIN") as copy:
            for seal in seals:
                copy.write_row(seal)
        cursor.execute(f"DELETE FROM {PENDING} WHERE event_id = ANY(%s)", [ids])  # noqa: S608
    else:
        cursor.executemany(
            f"INSERT INTO {SEALS} (seq, event_id, body, hash, signature) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
            seals,
        )
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"DELETE FROM {PENDING} WHERE event_id IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                chunk,
            )


def _seal_batch(limit):
    with transaction.atomic(), connection.cursor() as cursor:
        lock_chain(cursor)
        seq, prev = head(cursor)
        cursor.execute(f"SELECT event_id, body FROM {PENDING} ORDER BY event_id LIMIT %s", [limit])  # noqa: S608
        pending = cursor.fetchall()
        if not pending:
            return 0
        seals = []
        for event_id, body in pending:
            seq += 1
            prev = chain.event_hash(prev, seq, body)
            seals.append([seq, event_id, body, prev.hex(), ""])
        # The last seal of every batch carries a signature of the new head, so
        # events appended by someone without the key are told apart.
        seals[-1][4] = signing.sign(chain.head_message(seq, prev.hex()))
        _write(cursor, seals)
        return len(pending)


def seal():
    """Seal every committed pending event; return how many were sealed."""
    limit = settings.TRAIL_SEAL_BATCH
    total = 0
    while True:
        sealed = _seal_batch(limit)
        total += sealed
        if sealed < limit:
            return total


def seal_in_turn():
    """Seal, unless another process of this server is sealing already: that
    one goes on until the queue is empty, so it seals what we committed too.

    Whoever holds the chain's session lock seals for everyone; the others
    only try the lock and go back to work, instead of queueing behind it.
    After letting go, the holder looks at the queue once more: events whose
    processes found the lock taken are then sealed in the next turn."""
    if connection.vendor != "postgresql":
        return seal()  # SQLite: one writer at a time is the database's own rule
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [CHAIN_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return None
    total = 0
    try:
        while sealed := seal():  # events keep arriving: seal them in the same turn
            total += sealed
            time.sleep(settings.TRAIL_SEAL_DELAY)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [CHAIN_LOCK_KEY])
    return total


def _pending():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {PENDING})")  # noqa: S608
        return cursor.fetchone()[0]


class _BackgroundSealer:
    """One daemon thread per process that seals soon after each commit; on a
    server with many processes, one of them seals at a time (:func:`seal_in_turn`)."""

    def __init__(self):
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread = None
        self._pid = None

    def wake(self):
        with self._lock:
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="trail-sealer", daemon=True)
                self._thread.start()
                atexit.register(_seal_quietly)
        self._wake.set()

    def _run(self):
        while True:
            self._wake.wait()
            # Let a few more commits arrive, so that one batch seals them all.
            time.sleep(settings.TRAIL_SEAL_DELAY)
            self._wake.clear()
            try:
                if seal_in_turn() is not None and _pending():
                    self._wake.set()  # committed while this turn was ending
            except Exception:  # the events stay pending; the next turn takes them
                logger.exception("Sealing the trail failed")
            close_old_connections()


_sealer = _BackgroundSealer()


def _seal_quietly():
    try:
        seal()
    except Exception:  # the events stay pending; the next seal takes them
        logger.exception("Sealing the trail failed")


def request_seal():
    """Called after each commit that recorded events (``TRAIL_SEAL_MODE``)."""
    mode = settings.TRAIL_SEAL_MODE
    if mode == "commit":
        _seal_quietly()
    elif mode == "background":
        _sealer.wake()
    # "periodic": only `run_periodic` / `trail seal` seal.
