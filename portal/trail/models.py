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

    ``body`` is the canonical JSON of the event and the only thing hashed; the
    other columns repeat it for searching, and verification checks they agree.
    Written by :func:`portal.trail.record` only; sealed (``seq``, ``hash``)
    moments later by :mod:`portal.trail.sealing`. Database triggers refuse any
    other change."""

    seq = models.BigIntegerField(_("sequence number"), null=True, blank=True, unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
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
        related_name="+",
    )
    source_type = models.CharField(_("source type"), max_length=100, blank=True)
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    source_digest = models.CharField(_("source digest"), max_length=64, blank=True)
    body = models.TextField(_("sealed content"))
    hash = models.CharField(_("hash"), max_length=64, blank=True)
    seal_signature = models.CharField(_("seal signature"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("trail event")
        verbose_name_plural = _("trail events")
        ordering = ["-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="trail_event_target"),
            models.Index(fields=["source_type", "source_id"], name="trail_event_source"),
            models.Index(fields=["actor", "at"], name="trail_event_actor"),
            models.Index(fields=["department", "at"], name="trail_event_department"),
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="trail_event_pending"),
        ]

    def __str__(self):
        return f"#{self.seq or '—'} {self.action} {self.target_label}"

    @property
    def content(self):
        return json.loads(self.body)

    @property
    def details(self):
        return self.content.get("details") or {}

    @property
    def is_sealed(self):
        return self.seq is not None

    @property
    def action_label(self):
        from .actions import label

        return label(self.action)

    @property
    def details_text(self):
        return json.dumps(self.details, ensure_ascii=False, indent=2, sort_keys=True)


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
