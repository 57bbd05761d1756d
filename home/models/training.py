"""Training material (培训资料) and the read confirmations (阅读确认) of its
audience, one per published revision."""

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.access.models import Named, access_panels
from portal.accounts.roles import Role
from portal.search.fields import SegmentedSearchMixin

from .records import RecordPage, title_panels


class TrainingPage(RecordPage):
    """Material that staff must read and confirm: text, documents, video
    files, for an audience of departments and roles, by a due date. Every
    published revision asks the audience for a new confirmation. Written by
    the department that trains; the report is for its heads and editors."""

    body = RichTextField(_("training material"), blank=True)
    audience_departments = ParentalManyToManyField(
        "accounts.Department",
        verbose_name=_("audience departments"),
        blank=True,
        related_name="+",
        help_text=_("Everyone in these departments (and their sub-departments) must confirm."),
    )
    audience_roles = ParentalManyToManyField(
        Group,
        verbose_name=_("audience roles"),
        blank=True,
        related_name="+",
        help_text=_("Everyone with one of these roles must confirm. With neither, every employee must."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    content_panels = [
        *title_panels(),
        FieldPanel("body"),
        FieldPanel("attachments"),
        MultiFieldPanel(
            [FieldPanel("audience_departments"), FieldPanel("audience_roles"), FieldPanel("due_date")],
            heading=_("Audience"),
        ),
        *access_panels(),
    ]

    search_text_fields = ("body",)
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    parent_page_types = ["home.SectionPage"]
    subpage_types = []

    access_naming_fields = ("participants", "audience_departments", "audience_roles")
    required_for_submission = ("body", "due_date")
    approval_route = "training"

    class Meta:
        verbose_name = _("training page")
        verbose_name_plural = _("training pages")

    def audience(self):
        """Active users who must confirm (external auditors never)."""
        users = get_user_model().objects.filter(is_active=True).exclude(groups__name=Role.EXTERNAL_AUDITOR)
        departments = list(self.audience_departments.all())
        roles = list(self.audience_roles.all())
        if departments or roles:
            users = users.filter(Q(department__in=_with_sub_departments(departments)) | Q(groups__in=roles))
        return users.distinct().order_by("department__name", "username")

    def in_audience(self, user):
        return user.is_authenticated and self.audience().filter(pk=user.pk).exists()

    def access_named(self):
        """The access rule's "people named on the record" includes the
        audience (:class:`portal.access.models.Named`): its departments (and
        those below them) and roles, or every employee when it names neither."""
        departments = frozenset(d.pk for d in self.audience_departments.all())
        roles = frozenset(group.pk for group in self.audience_roles.all())
        audience = (
            Named(departments=departments, roles=roles) if departments or roles else Named(everyone=True)
        )
        return super().access_named() | audience

    @property
    def current_revision(self):
        return self.live_revision

    def confirmation_for(self, user):
        if not user.is_authenticated or self.live_revision_id is None:
            return None
        return self.confirmations.filter(revision_id=self.live_revision_id, user=user).first()

    def get_context(self, request, *args, **kwargs):
        from ..services.training import may_see_report

        context = super().get_context(request, *args, **kwargs)
        context["confirmation"] = self.confirmation_for(request.user)
        context["in_audience"] = self.in_audience(request.user)
        context["may_see_report"] = may_see_report(request.user, self)
        return context

    def is_late(self, today=None):
        return self.due_date is not None and self.due_date < (today or timezone.localdate())


def _with_sub_departments(departments):
    from portal.accounts.models import Department

    found, frontier = {d.pk for d in departments}, {d.pk for d in departments}
    while frontier:
        frontier = set(Department.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


@reversion.register()
class TrainingConfirmation(models.Model):
    """A person's read confirmation (我已阅读并理解) of one published revision
    of a training page. Written by that person only, never changed."""

    page = models.ForeignKey(
        TrainingPage, verbose_name=_("training page"), on_delete=models.CASCADE, related_name="confirmations"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("revision"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        verbose_name = _("read confirmation")
        verbose_name_plural = _("read confirmations")
        constraints = [
            models.UniqueConstraint(fields=["revision", "user"], name="home_training_one_confirmation"),
        ]

    def __str__(self):
        return f"{self.user} · {self.page} · {self.confirmed_at:%Y-%m-%d}"
