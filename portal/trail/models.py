import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrailIsAppendOnly(Exception):
    """Raised on any attempt to change or remove sealed history."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TrailIsAppendOnly(_("The trail is append-only: events cannot be changed."))

    def delete(self):
        raise TrailIsAppendOnly(_("The trail is append-only: events cannot be deleted."))

    _raw_delete = delete


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TrailIsAppendOnly(_("The trail is append-only: events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TrailIsAppendOnly(_("The trail is append-only: events cannot be deleted."))


class Event(AppendOnlyModel):
    """One thing that happened: who did what to which record, when, from where.

    Written by :func:`portal.trail.record` only, never changed afterwards
    (database triggers refuse it). Its canonical JSON *body* waits in
    :class:`PendingEvent` until the sealer moves it into a :class:`Seal`,
    which numbers and chains it; the columns here repeat the body for
    searching, and verification checks that they agree."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the (actor, at) index serves
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(_("record type"), max_length=100, blank=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_label = models.CharField(_("record"), max_length=255, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the (department, at) index serves
        related_name="+",
    )
    source_type = models.CharField(_("source type"), max_length=100, blank=True)
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    source_digest = models.CharField(_("source digest"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("trail event")
        verbose_name_plural = _("trail events")
        ordering = ["-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["action", "at"], name="trail_event_action"),
            models.Index(fields=["target_type", "target_id"], name="trail_event_target"),
            models.Index(fields=["source_type", "source_id"], name="trail_event_source"),
            models.Index(fields=["actor", "at"], name="trail_event_actor"),
            models.Index(fields=["department", "at"], name="trail_event_department"),
        ]

    def __str__(self):
        return f"#{self.seq or '—'} {self.action_label} {self.shown_label}"

    def _sealed(self):
        try:
            return self.seal
        except Seal.DoesNotExist:
            return None

    @property
    def seq(self):
        seal = self._sealed()
        return seal.seq if seal else None

    @property
    def hash(self):
        seal = self._sealed()
        return seal.hash if seal else ""

    @property
    def seal_signature(self):
        seal = self._sealed()
        return seal.signature if seal else ""

    @property
    def is_sealed(self):
        return self._sealed() is not None

    @property
    def body(self):
        seal = self._sealed()
        if seal is not None:
            return seal.body
        pending = PendingEvent.objects.filter(event=self).values_list("body", flat=True).first()
        return pending or "{}"

    @property
    def content(self):
        return json.loads(self.body)

    @property
    def details(self):
        return self.content.get("details") or {}

    @property
    def action_label(self):
        from .actions import label

        return label(self.action)

    def source_refs(self):
        """``[(type, id, digest)]`` of the rows the event names: version 2
        lists them in :class:`EventSource`, earlier events in their columns."""
        if self.source_type:
            return [(self.source_type, self.source_id, self.source_digest)]
        return list(self.sources.order_by("id").values_list("source_type", "source_id", "digest"))

    @property
    def sources_text(self):
        return "\n".join(" ".join(ref) for ref in self.source_refs())

    @property
    def details_text(self):
        return json.dumps(self.details, ensure_ascii=False, indent=2, sort_keys=True)

    # What a reader who may not read the event's record sees instead of its
    # title, details and sealed content (set by the trail's views, see
    # :mod:`portal.trail.masking`).
    mask = None

    @property
    def shown_label(self):
        return self.mask or self.target_label

    @property
    def shown_details_text(self):
        return self.mask or self.details_text

    @property
    def shown_body(self):
        return self.mask or self.body


class EventSource(AppendOnlyModel):
    """A row of another table that an event names (a reversion version, a
    Wagtail log entry or revision) with the digest it had when sealed: the
    searchable copy of the sealed body's ``sources``, which verification
    checks against the body and against the row. Events sealed before
    events named several sources keep their one source in
    :class:`Event`'s ``source_*`` columns."""

    event = models.ForeignKey(
        Event,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="sources",
        verbose_name=_("event"),
    )
    source_type = models.CharField(_("source type"), max_length=100)
    source_id = models.CharField(_("source id"), max_length=64)
    digest = models.CharField(_("source digest"), max_length=64)

    class Meta:
        verbose_name = _("event source")
        verbose_name_plural = _("event sources")
        default_permissions = ()
        indexes = [models.Index(fields=["source_type", "source_id"], name="trail_eventsource_row")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "source_type", "source_id"], name="trail_eventsource_once"
            )
        ]

    def __str__(self):
        return f"{self.source_type} {self.source_id}"


class PendingEvent(models.Model):
    """An event's body between its commit and its sealing (milliseconds): the
    sealer's queue. Verification reports an event that is neither here nor
    sealed."""

    event = models.OneToOneField(
        Event, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="pending"
    )
    body = models.TextField(_("content"))

    class Meta:
        verbose_name = _("event waiting to be sealed")
        verbose_name_plural = _("events waiting to be sealed")
        default_permissions = ()

    def __str__(self):
        return str(self.event_id)


class Seal(AppendOnlyModel):
    """An event's place in the chain: its gap-free number, its canonical
    body and ``hash = SHA-256(previous hash ‖ seq ‖ body)``. The last seal of
    every batch carries a signature of the new head."""

    seq = models.BigIntegerField(_("sequence number"), primary_key=True)
    event = models.OneToOneField(
        Event, on_delete=models.DO_NOTHING, db_constraint=False, related_name="seal", verbose_name=_("event")
    )
    body = models.TextField(_("sealed content"))
    hash = models.CharField(_("hash"), max_length=64)
    signature = models.CharField(_("seal signature"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("seal")
        verbose_name_plural = _("seals")
        ordering = ["seq"]
        default_permissions = ()

    def __str__(self):
        return f"#{self.seq}"


class Checkpoint(AppendOnlyModel):
    """A signed statement of the trail's state at a moment: its size, the hash
    of its last event and the Merkle root of all events so far."""

    size = models.BigIntegerField(_("events"), unique=True)
    head_hash = models.CharField(_("head hash"), max_length=64)
    root_hash = models.CharField(_("Merkle root"), max_length=64)
    frontier = models.TextField(_("Merkle frontier"))
    at = models.DateTimeField(_("time"))
    key_id = models.CharField(_("key id"), max_length=16)
    public_key = models.CharField(_("public key"), max_length=64)
    signature = models.CharField(_("signature"), max_length=100)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["-size"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.size} @ {self.at:%Y-%m-%d %H:%M}"

    @property
    def at_text(self):
        return self.at.isoformat()
