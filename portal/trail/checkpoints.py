"""Signed checkpoints of the trail, and inclusion proofs against them."""

import json

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import chain, sealing, signing
from .models import Checkpoint
from .sealing import SEALS


def _hashes(cursor, after, upto):
    cursor.execute(
        f"SELECT hash FROM {SEALS} WHERE seq > %s AND seq <= %s ORDER BY seq",  # noqa: S608
        [after, upto],
    )
    while rows := cursor.fetchmany(20_000):
        for (value,) in rows:
            yield bytes.fromhex(value)


CHECKPOINT_LOCK_KEY = 0x4C69_7543  # "LiuC"


def _lock_checkpoints(cursor, outermost):
    """One checkpoint at a time, until the end of the transaction; waiting
    at most a few leases (OperationalError then), never for ever. Sealing
    goes on meanwhile: sealed rows up to the head read never change.
    SQLite: atomic() opened BEGIN IMMEDIATE, the only write lock."""
    if connection.vendor == "postgresql" and outermost:
        lease = f"{round(settings.TRAIL_SEAL_LEASE * 1000)}ms"
        wait = f"{round(settings.TRAIL_SEAL_LEASE * 3000)}ms"
        cursor.execute(
            "SELECT set_config('idle_in_transaction_session_timeout', %s, true),"
            " set_config('lock_timeout', %s, true)",
            [lease, wait],
        )
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHECKPOINT_LOCK_KEY])


def create_checkpoint():
    """Seal what is pending, then sign the trail's current state. Returns the
    new checkpoint, or the latest one when nothing happened since."""
    sealing.seal()
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_checkpoints(cursor, outermost)
        size, head = sealing.head(cursor)
        latest = Checkpoint.objects.order_by("-size").first()
        if size == 0 or (latest is not None and latest.size == size):
            return latest
        frontier = chain.Frontier.from_json(json.loads(latest.frontier)) if latest else chain.Frontier()
        for leaf in _hashes(cursor, frontier.size, size):
            frontier.append(leaf)
        at = timezone.now().replace(microsecond=0)
        root = frontier.root().hex()
        public_key = signing.public_key_bytes()
        return Checkpoint.objects.create(
            size=size,
            head_hash=head.hex(),
            root_hash=root,
            frontier=json.dumps(frontier.to_json()),
            at=at,
            key_id=chain.key_id(public_key),
            public_key=chain.b64(public_key),
            signature=signing.sign(chain.checkpoint_message(size, head.hex(), root, at.isoformat())),
        )


def checkpoint_json(checkpoint):
    return {
        "type": "checkpoint",
        "size": checkpoint.size,
        "head_hash": checkpoint.head_hash,
        "root_hash": checkpoint.root_hash,
        "at": checkpoint.at.isoformat(),
        "key_id": checkpoint.key_id,
        "public_key": checkpoint.public_key,
        "signature": checkpoint.signature,
    }


def prove(seq):
    """An inclusion proof of event ``seq`` in the latest checkpoint (made now
    if none covers it yet)."""
    return prove_many([seq])[0]


def prove_many(seqs):
    """Inclusion proofs of the events ``seqs``, all against the latest
    checkpoint (made now if none covers the last of them), reading the
    trail's hashes once."""
    seqs = sorted(set(seqs))
    if not seqs:
        return []
    checkpoint = Checkpoint.objects.order_by("-size").first()
    if checkpoint is None or checkpoint.size < seqs[-1]:
        checkpoint = create_checkpoint()
    if checkpoint is None or checkpoint.size < seqs[-1]:
        raise LookupError(seqs[-1])
    with connection.cursor() as cursor:
        leaves = list(_hashes(cursor, 0, checkpoint.size))
        cursor.execute(
            f"SELECT seq, body FROM {SEALS} WHERE seq IN ({', '.join(['%s'] * len(seqs))})",  # noqa: S608
            seqs,
        )
        bodies = dict(cursor.fetchall())
    proofs = []
    for seq in seqs:
        proofs.append(
            {
                "type": "inclusion-proof",
                "seq": seq,
                "body": bodies[seq],
                "prev_hash": leaves[seq - 2].hex() if seq > 1 else chain.GENESIS.hex(),
                "hash": leaves[seq - 1].hex(),
                "path": [h.hex() for h in chain.inclusion_path(leaves, seq - 1)],
                "checkpoint": checkpoint_json(checkpoint),
            }
        )
    return proofs
