"""Sealing: numbering pending events gap-free and chaining their hashes.

Recording an event is one INSERT in the caller's transaction; nobody waits
for a global lock there. Sealing happens after the commit, in batches, under
one lock on the chain: each pending body moves into an append-only seal row
with its number and hash. Many processes write concurrently and the chain
stays a single, gap-free line. Events from transactions that rolled back never
exist; committed ones are never skipped, only sealed by the next batch.

The chain's lock is a lease (PostgreSQL)
----------------------------------------
Each batch is one short transaction that takes the chain's advisory lock as
a *transaction* lock (``pg_try_advisory_xact_lock``), reads the head, writes
the seals and commits. PostgreSQL holds that lock exactly as long as the
transaction, and the transaction cannot outlive its session. So the lock
is lost only when the transaction ends, and with it every seal it wrote:

* the batch's transaction sets ``idle_in_transaction_session_timeout`` and
  ``statement_timeout`` to the lease (``TRAIL_SEAL_LEASE_MS``): a holder
  that stops between two statements (a frozen process, a host cut off)
  has its session ended by PostgreSQL itself within the lease;
* a holder that stops while PostgreSQL waits on it inside a statement (half
  way through sending the seals with ``COPY``, or reading a large batch)
  is beyond those timeouts; whoever next wants to seal finds the lock held
  by a session that has begun or ended no statement for longer than the
  lease, ends that session (``pg_terminate_backend``), then takes the lock.

Why a holder that lost its lease appends nothing: its head was read and its
seals written in the transaction that held the lock, and ending the session
rolls that transaction back, seals and all; mutual exclusion is PostgreSQL's
lock and never rests on clocks. A stale holder that resumes finds its
connection closed: what it sends goes nowhere, and its next batch starts
afresh (lock, head, seals) after the new holder's. Independently, ``seq``
is the seals' primary key and an event has at most one seal, so two batches
built on the same head could never both commit.

Nobody waits on the lock indefinitely: the background sealers only *try*
it (the holder seals their events too); :func:`seal` (``run_periodic``,
``trail verify``, checkpoints) waits a bounded time and breaks a stale
lease on the way; verification reads the sealed rows without any lock.
Between batches nobody holds the lock, so a holder stopped there holds
nothing.

SQLite serves one machine: the database's single write lock (``BEGIN
IMMEDIATE``) serialises sealers, and its busy timeout bounds every wait.
"""

import atexit
import logging
import os
import threading
import time

import psycopg
from django.conf import settings
from django.db import DatabaseError, OperationalError, close_old_connections, connection, transaction

from . import chain, signing
from .models import PendingEvent, Seal

logger = logging.getLogger(__name__)

CHAIN_LOCK_KEY = 0x4C69_7548  # "LiuH"
SEALS = Seal._meta.db_table
PENDING = PendingEvent._meta.db_table
POLL = 0.05  # seconds between two tries of a taken lock inside a caller's transaction

# The lease's timeouts for this transaction, and the lock: tried (one round
# trip), or waited for at most lock_timeout.
_LEASE_TIMEOUTS = (
    "SELECT set_config('idle_in_transaction_session_timeout', %s, true),"
    " set_config('statement_timeout', %s, true)"
)
_LEASE = _LEASE_TIMEOUTS + ", set_config('lock_timeout', %s, true)"
_TRY = "SELECT pg_try_advisory_xact_lock(%s)"
_TRY_WITH_LEASE = _LEASE_TIMEOUTS + ", pg_try_advisory_xact_lock(%s)"
_WAIT = "SELECT pg_advisory_xact_lock(%s)"
# The session holding the chain's lock that has shown no sign of life (no
# statement begun or ended) for longer than the lease.
_BREAK_STALE = """
    SELECT l.pid, pg_terminate_backend(l.pid, 2000)
    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND (l.classid::bigint << 32) + l.objid::bigint = %s
      AND l.pid <> pg_backend_pid()
      AND a.state_change < clock_timestamp() - make_interval(secs => %s)"""


def head(cursor):
    """(seq, hash bytes) of the last sealed event, or (0, genesis)."""
    cursor.execute(f"SELECT seq, hash FROM {SEALS} ORDER BY seq DESC LIMIT 1")  # noqa: S608
    row = cursor.fetchone()
    return (row[0], bytes.fromhex(row[1])) if row else (0, chain.GENESIS)


def _milliseconds(seconds):
    return f"{max(1, round(seconds * 1000))}ms"


def _take_lock(cursor, outermost, wait):
    """Take the chain's lock for the current transaction, waiting at most
    ``wait`` seconds; False if another session holds it. SQLite: atomic()
    opened BEGIN IMMEDIATE, which already holds the only write lock."""
    if connection.vendor != "postgresql":
        return True
    if not outermost:  # inside the caller's transaction, which owns its timeouts: only try
        cursor.execute(_TRY, [CHAIN_LOCK_KEY])
        return cursor.fetchone()[0]
    lease = _milliseconds(settings.TRAIL_SEAL_LEASE)
    if not wait:
        cursor.execute(_TRY_WITH_LEASE, [lease, lease, CHAIN_LOCK_KEY])
        return cursor.fetchone()[-1]
    cursor.execute(_LEASE, [lease, lease, _milliseconds(wait)])
    try:
        with transaction.atomic():  # a savepoint: the lock timing out leaves the transaction usable
            cursor.execute(_WAIT, [CHAIN_LOCK_KEY])
    except OperationalError as error:
        if isinstance(error.__cause__, psycopg.errors.LockNotAvailable):
            return False
        raise
    return True


_last_stale_check = 0.0


def break_stale_lease():
    """End the session that holds the chain's lock and has shown no sign of
    life (no statement begun or ended) for longer than the lease: a stopped
    sealer. PostgreSQL then releases the lock; True if one was ended. At
    most one look every half lease per process: the look reads
    PostgreSQL's lock table."""
    global _last_stale_check
    if connection.vendor != "postgresql":
        return False
    now = time.monotonic()
    if now - _last_stale_check < settings.TRAIL_SEAL_LEASE / 2:
        return False
    _last_stale_check = now
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_BREAK_STALE, [CHAIN_LOCK_KEY, settings.TRAIL_SEAL_LEASE])
            ended = cursor.fetchall()
    except DatabaseError:  # e.g. not allowed to end that session: PostgreSQL's timeouts still do
        logger.exception("Could not end a stopped sealer's session")
        return False
    for pid, _done in ended:
        logger.warning(
            "The trail's sealer in database session %s stopped holding the lock: session ended", pid
        )
    return bool(ended)


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


def _seal_batch(limit, wait=0):
    """Seal up to ``limit`` pending events in one transaction holding the
    chain's lock; how many, or None if another process holds the lock."""
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if not _take_lock(cursor, outermost, wait):
            return None
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


def seal(wait=None):
    """Seal every committed pending event; return how many were sealed.

    While another process holds the chain's lock (it seals our events too),
    try again for at most ``wait`` seconds (``TRAIL_SEAL_WAIT``: twice the
    lease), ending a stopped holder's session on the way; then return what
    was sealed here, so that no caller hangs behind a stopped sealer."""
    limit = settings.TRAIL_SEAL_BATCH
    deadline = time.monotonic() + (2 * settings.TRAIL_SEAL_LEASE if wait is None else wait)
    total = 0
    while True:
        # Wait for the lock in short steps: a holder's transaction is short,
        # and between steps a stopped holder's session is ended.
        remaining = deadline - time.monotonic()
        sealed = _seal_batch(limit, wait=min(max(remaining, 0), settings.TRAIL_SEAL_LEASE / 4))
        if sealed is None:
            if break_stale_lease():  # give the ended session's lock a lease to go
                deadline = max(deadline, time.monotonic() + settings.TRAIL_SEAL_LEASE)
                continue
            if time.monotonic() >= deadline:
                logger.info("The trail's lock stayed taken; its holder seals the pending events")
                return total
            if connection.in_atomic_block:
                time.sleep(POLL)  # only tried: see _take_lock
            continue
        total += sealed
        if sealed < limit:
            return total


def seal_in_turn():
    """Seal, unless another process is sealing already: that one goes on
    until the queue is empty, so it seals what we committed too. Returns
    None when the lock was taken (and its holder not stopped).

    Whoever holds the chain's lock seals batch after batch for everyone;
    the others only try the lock and go back to work, instead of queueing
    behind it. The holder lets go between batches and stops at an empty
    batch; the background sealer then looks at the queue once more
    (:class:`_BackgroundSealer`), so events whose processes found the lock
    taken are sealed in the next turn."""
    if connection.vendor != "postgresql":
        return seal()  # SQLite: one writer at a time is the database's own rule
    limit = settings.TRAIL_SEAL_BATCH
    if not connection.in_atomic_block and not _looks_free() and not break_stale_lease():
        return None
    total = None
    while True:
        sealed = _seal_batch(limit)
        if sealed is None:
            if total is None and break_stale_lease():
                continue  # the holder had stopped: take over
            return total
        total = (total or 0) + sealed
        if not sealed:
            return total
        if sealed < limit:
            time.sleep(settings.TRAIL_SEAL_DELAY)  # events keep arriving: seal them in the same turn


def _looks_free():
    """Whether nobody holds the chain's lock now: one round trip, outside
    any transaction (the lock, if taken, goes with the statement)."""
    with connection.cursor() as cursor:
        cursor.execute(_TRY, [CHAIN_LOCK_KEY])
        return cursor.fetchone()[0]


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
        retry = None
        while True:
            # Woken by a commit; or, when the lock was taken, again after half
            # a lease, in case its holder stopped before sealing our events.
            self._wake.wait(retry)
            retry = None
            # Let a few more commits arrive, so that one batch seals them all.
            time.sleep(settings.TRAIL_SEAL_DELAY)
            self._wake.clear()
            try:
                sealed = seal_in_turn()
                if sealed is None:
                    retry = settings.TRAIL_SEAL_LEASE / 2
                elif _pending():
                    self._wake.set()  # committed while this turn was ending
            except OperationalError as error:
                if "locked" not in str(error):
                    logger.exception("Sealing the trail failed")
                else:  # SQLite: a long write (a demo being seeded) holds the file
                    logger.warning("The trail's events wait to be sealed: the database is busy.")
                    retry = settings.TRAIL_SEAL_LEASE / 2
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
