"""The trail events about a set of records, and a bundle of their inclusion
proofs that an auditor checks offline (``standalone.py``).

A record is named by its targets: ``(type labels, pk)``, where a page has
its own type and ``wagtailcore.page`` (Wagtail's own events name the base
type)."""

from django.db.models import Q

from . import chain, sealing, signing
from .checkpoints import prove_many
from .models import Event, Seal

BUNDLE_FORMAT = "liuhen-trail-proofs/v1"


def target_of(record):
    """``(type labels, pk)`` naming ``record`` in events."""
    types = {record._meta.label_lower}
    specific_class = getattr(record, "specific_class", None)
    if specific_class is not None:
        types |= {specific_class._meta.label_lower, "wagtailcore.page"}
    return types, str(record.pk)


def events_about(records):
    """The events whose target is one of ``records``, newest first."""
    query = Q(pk__in=[])
    for record in records:
        types, pk = target_of(record)
        query |= Q(target_type__in=types, target_id=pk)
    return Event.objects.filter(query).order_by("-id")


def proof_bundle(events):
    """Inclusion proofs of ``events`` (sealed now if need be) against one
    signed checkpoint, with the public key that checks it::

        {"format", "key_id", "public_key", "proofs": [proof, …]}

    Give only events whose content the reader may see: a proof holds the
    event's whole sealed body."""
    sealing.seal()
    seqs = Seal.objects.filter(event_id__in=[event.pk for event in events]).values_list("seq", flat=True)
    public_key = signing.public_key_bytes()
    return {
        "format": BUNDLE_FORMAT,
        "key_id": chain.key_id(public_key),
        "public_key": chain.b64(public_key),
        "proofs": prove_many(list(seqs)),
    }
