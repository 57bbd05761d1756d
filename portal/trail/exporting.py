"""A self-contained JSONL export of the trail for external auditors."""

from django.db import connection
from django.utils import timezone

from . import chain, signing
from .checkpoints import checkpoint_json
from .models import Checkpoint
from .sealing import SEALS


def export_lines(since=1):
    """Yield JSON lines: a meta line, the sealed events from ``since``, then
    every checkpoint."""
    since = max(1, since)
    frontier = chain.Frontier()
    prev = chain.GENESIS.hex()
    with connection.chunked_cursor() as cursor:
        if since > 1:
            cursor.execute(f"SELECT hash FROM {SEALS} WHERE seq < %s ORDER BY seq", [since])  # noqa: S608
            while rows := cursor.fetchmany(20_000):
                for (value,) in rows:
                    frontier.append(bytes.fromhex(value))
                    prev = value
    yield chain.canonical_json(
        {
            "type": "meta",
            "format": "liuhen-trail-export/v1",
            "exported_at": timezone.now().isoformat(),
            "since": since,
            "prev_hash": prev,
            "frontier": frontier.to_json(),
            "key_id": signing.key_id(),
            "public_key": chain.b64(signing.public_key_bytes()),
        }
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT seq, body, hash, signature FROM {SEALS} WHERE seq >= %s ORDER BY seq",  # noqa: S608
            [since],
        )
        while rows := cursor.fetchmany(20_000):
            for seq, body, value, signature in rows:
                yield chain.canonical_json(
                    {"type": "event", "seq": seq, "body": body, "hash": value, "seal_signature": signature}
                )
    for checkpoint in Checkpoint.objects.order_by("size"):
        yield chain.canonical_json(checkpoint_json(checkpoint))
