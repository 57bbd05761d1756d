import datetime

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.accounts.models import Department
from portal.accounts.roles import Role
from portal.search.fields import SegmentedSearchMixin

from ..levels import Level
from ..subjects import roles_of, subject_for
from .records import AccessControlledRecord, holding_role


class AccessRequestQuerySet(models.QuerySet):
    def active(self, at=None):
        """Approved requests whose period covers ``at``: the grants in force."""
        at = at or timezone.now()
        return self.filter(status=AccessRequest.Status.APPROVED, starts_at__lte=at, ends_at__gt=at)

    def awaiting(self, user):
        """Pending requests that ``user`` is the one to decide."""
        routes = Q(pk__in=[])
        if Role.LEADERSHIP in roles_of(user):
            routes |= Q(route=AccessRequest.Route.LEADERSHIP)
        routes |= Q(route=AccessRequest.Route.HEADS, department__in=subject_for(user).headed)
        return self.filter(routes, status=AccessRequest.Status.PENDING).exclude(requester=user)


@reversion.register()
class AccessRequest(SegmentedSearchMixin, index.Indexed, AccessControlledRecord):
    """A request to read records one may not see (查阅申请, ACC-1) and, once
    approved, the time-limited grant (授权) it gives. The requester writes it
    (from a refusal page or the request form); the owning department's head
    (internal records) or leadership (secret and confidential ones) approves or
    refuses it with an opinion; an approver or leadership may revoke it; it
    expires by itself at the end of its period (``run_periodic``).

    It names either one record (``target_type``/``target_id``; pages are named
    by their ``wagtailcore.page`` id) or all of a department's records up to
    ``max_level``.

    Under the access rule it belongs to that department and is confidential:
    read by its requester (the author), leadership, the heads of the
    department (and of those above it), who decide it, and internal audit
    (``access_naming``); not by the department's staff, and a refusal does
    not tell that it exists."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    class Route(models.TextChoices):
        HEADS = "heads", _("Head of the owning department")
        LEADERSHIP = "leadership", _("Leadership")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requester"), on_delete=models.PROTECT, related_name="+"
    )
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    target_label = models.CharField(_("record"), max_length=255, blank=True)
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality level"), choices=Level.choices, default=Level.CONFIDENTIAL, editable=False
    )
    max_level = models.PositiveSmallIntegerField(_("up to level"), choices=Level.choices)
    reason = models.TextField(_("reason"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    route = models.CharField(_("routed to"), max_length=20, choices=Route.choices)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    opinion = models.TextField(_("approval opinion"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    closing_note = models.TextField(_("reason for revoking"), blank=True)

    objects = AccessRequestQuerySet.as_manager()

    access_author_field = "requester"

    # The target's title is not indexed: a reader of the request who may not
    # read its record sees it masked, and must not find it by searching.
    search_title_field = "requester"
    search_text_fields = ("reason", "opinion", "closing_note")
    search_fields = SegmentedSearchMixin.segmented_search_fields()

    @property
    def title(self):
        """What the search index weighs as the title (``search_title_field``)."""
        return str(self.requester)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requester", "status"], name="access_request_requester"),
            models.Index(fields=["status", "ends_at"], name="access_request_status"),
        ]

    def __str__(self):
        return _("%(requester)s: %(what)s") % {"requester": self.requester, "what": self.scope_label}

    @classmethod
    def access_naming(cls, user_id):
        """The heads of the department asked (they decide what is routed to
        them) and internal audit."""
        headed = Department.objects.filter(heads=user_id).values_list("pk", flat=True)
        return Q(department__in=Department.with_subdepartments(headed)) | holding_role(
            user_id, Role.INTERNAL_AUDIT
        )

    @property
    def is_for_record(self):
        return self.target_type_id is not None

    # Set by a view for a reader who may not read the record named.
    label_for_reader = None

    @property
    def scope_label(self):
        if self.is_for_record:
            return self.label_for_reader or self.target_label
        return _("%(department)s records up to %(level)s") % {
            "department": self.department,
            "level": self.get_max_level_display(),
        }

    @property
    def period_label(self):
        """The period as people say it: first and last day, both included
        (``ends_at`` is the moment it ends, e.g. midnight after the last day)."""
        first = timezone.localtime(self.starts_at).date()
        last = timezone.localtime(self.ends_at - datetime.timedelta(microseconds=1)).date()
        return f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"
