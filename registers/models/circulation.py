"""Circulation (传阅 / 阅办, DOC-3 and DOC-4): a published record sent to
readers, and one receipt per reader saying when they read it, what they
commented and, for the paper slip, who signed it and when."""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.access.levels import Level
from portal.access.models import AccessControlledRecord
from portal.search.fields import SegmentedSearchMixin, user_names


@reversion.register(follow=("receipts",))
class Circulation(SegmentedSearchMixin, index.Indexed, AccessControlledRecord):
    """One sending of a published page to a list of readers, by an editor,
    with an instruction and an optional deadline. The title, document number,
    owning department and level are kept as they were when it was sent, so
    that the slip still says what was circulated after the page changes.

    Under the access rule it is read by those who read its record at that
    level in that department (a public record's circulation is internal: who
    was sent what is not public), by its sender (the author) and by its
    recipients (``access_naming``)."""

    class Kind(models.TextChoices):
        READ = "read", _("Circulation for reading")
        ACTION = "action", _("Circulation for action")

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("record"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("owning department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.READ)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sender"), on_delete=models.PROTECT, related_name="+"
    )
    instruction = models.TextField(_("instruction"), blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality level"), choices=Level.choices, default=Level.INTERNAL, editable=False
    )

    access_author_field = "sender"
    history_related = ("receipts",)  # a reader's receipt is part of the circulation's history

    search_text_fields = ("document_number", "instruction")
    search_fields = SegmentedSearchMixin.segmented_search_fields()

    def search_people(self):
        """Its sender and recipients, whom every reader of the circulation sees
        on it (the circulation's own readers, not the record's). Indexed again
        when the circulation's revision, receipts included, is committed
        (:mod:`portal.search.signals`)."""
        if self.pk is None:
            return []
        recipients = [receipt.recipient for receipt in self.receipts.select_related("recipient")]
        people = [(_("Sender"), user_names([self.sender])), (_("Recipients"), user_names(recipients))]
        return [(label, names) for label, names in people if names]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("circulation")
        verbose_name_plural = _("circulations")

    # The trail masks events about a circulation as events about its page.
    access_record_path = "page"

    def __str__(self):
        return _("%(kind)s: %(title)s") % {"kind": self.get_kind_display(), "title": self.title}

    @classmethod
    def access_naming(cls, user_id):
        return Q(pk__in=CirculationReceipt.objects.filter(recipient=user_id).values("circulation"))

    @staticmethod
    def level_for(page):
        """The level a circulation of ``page`` gets: the page's, internal at least."""
        return max(getattr(page, "confidentiality", Level.INTERNAL), Level.INTERNAL)

    @property
    def trail_department(self):
        return self.department

    @property
    def read_label(self):
        """ "read / sent", from the register's annotation when there is one."""
        if hasattr(self, "receipt_count"):
            return f"{self.read_count} / {self.receipt_count}"
        receipts = list(self.receipts.values_list("read_at", flat=True))
        return f"{sum(1 for r in receipts if r)} / {len(receipts)}"


@reversion.register()
class CirculationReceipt(models.Model):
    """One reader of a circulation: when they first opened the record, their
    latest comment (阅批意见; earlier ones stay in the record's history and the
    trail), when they were last reminded, and the signature on the paper slip
    as recorded by an archivist."""

    circulation = models.ForeignKey(
        Circulation, verbose_name=_("circulation"), on_delete=models.CASCADE, related_name="receipts"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    commented_at = models.DateTimeField(_("commented at"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    paper_signed_by = models.CharField(_("signed on paper by"), max_length=100, blank=True)
    paper_signed_on = models.DateField(_("signed on paper on"), null=True, blank=True)
    paper_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paper signature recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paper_recorded_at = models.DateTimeField(_("paper signature recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["circulation", "pk"]
        verbose_name = _("circulation receipt")
        verbose_name_plural = _("circulation receipts")
        constraints = [
            models.UniqueConstraint(fields=["circulation", "recipient"], name="unique_circulation_recipient")
        ]

    access_record_path = "circulation__page"

    def __str__(self):
        return f"{self.circulation.title} → {self.recipient}"

    @property
    def trail_department(self):
        return self.circulation.department

    @property
    def overdue(self):
        deadline = self.circulation.deadline
        return self.read_at is None and deadline is not None and deadline < timezone.now()
