import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from portal.accounts.roles import Role
from portal.search.fields import SegmentedSearchMixin

from ..levels import Level
from .records import AccessControlledRecord, fixed_access_fields, holding_role


class ExternalVisitQuerySet(models.QuerySet):
    def active(self, at=None):
        """Approved visits going on at ``at``."""
        at = at or timezone.now()
        return self.filter(status=ExternalVisit.Status.APPROVED, starts_at__lte=at, ends_at__gt=at)


@reversion.register(follow=["credentials"])
class ExternalVisit(SegmentedSearchMixin, index.Indexed, AccessControlledRecord, ClusterableModel):
    """A visit by external auditors or regulators (外部审计人员, ACC-2). An
    archivist or leadership registers it — the organisation, the visitors'
    accounts, their credentials, the scope and the period; leadership approves
    it, names the archivist who escorts the visitors and says whether they may
    export. While it is approved and under way its visitors can sign in and
    read what is in scope, and nothing else; everything they open is sealed
    into the trail and listed in the printable visit report.

    Under the access rule it is a secret record of no department: read by
    leadership, whoever registered it (the author), the archivist who hosts
    the visitors (the escort), the administration office and internal audit
    (``access_naming``); not by the visitors, whose scopes name departments."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        ENDED = "ended", _("Ended")

    organisation = models.CharField(_("organisation"), max_length=200)
    purpose = models.TextField(_("purpose"))
    visitors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitors"),
        related_name="external_visits",
        help_text=_("Their accounts, with the external auditor role (created by IT)."),
    )
    departments = ParentalManyToManyField(
        "accounts.Department", verbose_name=_("departments in scope"), related_name="+"
    )
    record_types = ParentalManyToManyField(
        ContentType,
        verbose_name=_("record types in scope"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for every record type."),
    )
    max_level = models.PositiveSmallIntegerField(
        _("up to level"), choices=Level.choices, default=Level.INTERNAL
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED, editable=False
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    escort = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escorting archivist"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    may_export = models.BooleanField(_("may export"), default=False, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, editable=False)
    opinion = models.TextField(_("approval opinion"), blank=True, editable=False)
    ended_at = models.DateTimeField(_("ended at"), null=True, editable=False)
    department, confidentiality = fixed_access_fields(Level.SECRET)

    objects = ExternalVisitQuerySet.as_manager()

    access_author_field = "registered_by"

    search_title_field = "organisation"
    search_text_fields = ("purpose", "opinion")
    search_fields = SegmentedSearchMixin.segmented_search_fields()

    @property
    def title(self):
        """What the search index weighs as the title (``search_title_field``)."""
        return str(self.organisation)

    class Meta:
        verbose_name = _("external audit visit")
        verbose_name_plural = _("external audit visits")
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return _("%(organisation)s, %(start)s") % {
            "organisation": self.organisation,
            "start": timezone.localtime(self.starts_at).strftime("%Y-%m-%d"),
        }

    @classmethod
    def access_naming(cls, user_id):
        return Q(escort=user_id) | holding_role(user_id, Role.ADMINISTRATION_OFFICE, Role.INTERNAL_AUDIT)

    @property
    def period_label(self):
        return "{} – {}".format(
            timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(self.ends_at).strftime("%Y-%m-%d %H:%M"),
        )

    @property
    def is_open(self):
        now = timezone.now()
        return self.status == self.Status.APPROVED and self.starts_at <= now < self.ends_at


@reversion.register()
class VisitCredential(Orderable):
    """A credential document a visitor showed (warrant, ID, engagement
    letter), uploaded when the visit is registered."""

    visit = ParentalKey(ExternalVisit, related_name="credentials", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "access.RecordDocument",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")

    def __str__(self):
        return self.description or str(self.document)

    def issued_for_deletion(self):
        # Credentials are changed while the visit awaits approval; then they are kept.
        from ..deletion import Reason

        visit = ExternalVisit.objects.filter(pk=self.visit_id).first()
        if visit is not None and visit.status == ExternalVisit.Status.REGISTERED:
            return None
        return Reason.REGISTERED
