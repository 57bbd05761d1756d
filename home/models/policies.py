"""Policies (制度) and the policy library."""

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from portal.access.models import AccessControlledPage, access_panels
from portal.access.rules import page_filter
from portal.search.fields import SegmentedSearchMixin

from ..blocks import ChapterBlock
from ..listing import DepartmentFilter, FieldFilter, Listing
from ..numerals import chinese_numeral
from .records import SECTION_TITLE_HELP, RecordPage, page_settings_panels, title_panels


class PolicyCategory(models.TextChoices):
    GENERAL = "general", _("General management")
    RECORDS = "records", _("Records and archives")
    FINANCE = "finance", _("Finance")
    PERSONNEL = "personnel", _("Personnel")
    SECURITY = "security", _("Information security")
    OPERATIONS = "operations", _("Operations")


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Issued, not yet in force")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    REPEALED = "repealed", _("Repealed")


class PolicyQuerySet(PageQuerySet):
    def superseded_ids(self):
        """Ids of policies that a live policy supersedes."""
        return PolicyPage.objects.live().exclude(supersedes=None).values("supersedes_id")

    def in_force(self, today=None):
        today = today or timezone.localdate()
        return (
            self.live()
            .filter(effective_date__lte=today, repealed=False)
            .exclude(pk__in=self.superseded_ids())
        )

    def no_longer_in_force(self):
        return self.live().filter(Q(repealed=True) | Q(pk__in=self.superseded_ids()))


PolicyManager = PageManager.from_queryset(PolicyQuerySet)


def policy_status():
    """The status of a live policy as a query expression (as ``PolicyPage.status``)."""
    today = timezone.localdate()
    return Case(
        When(repealed=True, then=Value(PolicyStatus.REPEALED.value)),
        When(
            Exists(PolicyPage.objects.live().filter(supersedes=OuterRef("pk"))),
            then=Value(PolicyStatus.SUPERSEDED.value),
        ),
        When(Q(effective_date=None) | Q(effective_date__gt=today), then=Value(PolicyStatus.PENDING.value)),
        default=Value(PolicyStatus.IN_FORCE.value),
    )


class PolicyPage(RecordPage):
    """A company rule (制度), issued by its owning department: numbered
    chapters and clauses, a number and version, an effective date. Its status
    follows from those and from the policies that supersede or repeal it.
    Written by the issuing department; approved through the page workflow."""

    number = models.CharField(_("policy number"), max_length=60, blank=True)
    version = models.CharField(_("version"), max_length=20, blank=True, default="1.0")
    category = models.CharField(
        _("category"), max_length=20, choices=PolicyCategory.choices, default=PolicyCategory.GENERAL
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField([("chapter", ChapterBlock())], blank=True, verbose_name=_("chapters and clauses"))
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
        help_text=_("The earlier policy this one replaces; it stays readable, marked as superseded."),
    )
    repealed = models.BooleanField(_("repealed"), default=False)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)

    content_panels = [
        *title_panels(),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("version")]),
                FieldRowPanel([FieldPanel("category"), FieldPanel("effective_date")]),
                PageChooserPanel("supersedes", "home.PolicyPage"),
                FieldRowPanel([FieldPanel("repealed"), FieldPanel("repealed_on")]),
            ],
            heading=_("Policy"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attachments"),
        *access_panels(),
    ]

    search_text_fields = ("number", "summary", "body")
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    @classmethod
    def search_withdrawn(cls):
        # Superseded and repealed: after the policies in force in relevance order.
        return cls.objects.no_longer_in_force()

    parent_page_types = ["home.SectionPage"]
    subpage_types = []

    required_for_submission = ("number", "effective_date", "body")
    number_field = "number"
    approval_route = "policy"

    objects = PolicyManager()

    listing_filters = (
        FieldFilter("category", label=_("Policy category")),
        FieldFilter(
            "status",
            label=_("Status"),
            choices=[(s.value, s.label) for s in PolicyStatus if s != PolicyStatus.DRAFT],
            expression=policy_status,
        ),
    )

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    @property
    def status(self):
        if not self.live or self.pk is None:  # a preview of a new page
            return PolicyStatus.DRAFT
        if self.repealed:
            return PolicyStatus.REPEALED
        if PolicyPage.objects.live().filter(supersedes=self).exists():
            return PolicyStatus.SUPERSEDED
        if self.effective_date is None or self.effective_date > timezone.localdate():
            return PolicyStatus.PENDING
        return PolicyStatus.IN_FORCE

    @property
    def status_label(self):
        return self.status.label

    def successor(self):
        if self.pk is None:
            return None
        return PolicyPage.objects.live().filter(supersedes=self).first()

    def numbered_chapters(self):
        """Chapters numbered 第一章…, clauses numbered 第一条… across chapters,
        as Chinese policies are."""
        chapters, clause_number = [], 0
        for index, block in enumerate(self.body, start=1):
            clauses = []
            for clause in block.value["clauses"].bound_blocks:
                clause_number += 1
                clauses.append({"number": chinese_numeral(clause_number), "text": clause})
            chapters.append({"number": chinese_numeral(index), "block": block, "clauses": clauses})
        return chapters


class PolicyLibraryPage(SegmentedSearchMixin, AccessControlledPage):
    """The policy library: every policy in force the reader may see, by
    department and category; superseded and repealed ones listed apart,
    still readable. Usually one, open to every employee; it holds no records
    itself, and each policy listed keeps its own access rule."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*title_panels(SECTION_TITLE_HELP), FieldPanel("intro"), *access_panels()]
    promote_panels = []
    settings_panels = page_settings_panels()

    search_text_fields = ("intro",)
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]
    search_folder = True  # it lists policies: after the records in relevance order

    parent_page_types = ["home.HomePage", "home.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy library")
        verbose_name_plural = _("policy libraries")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = (
            PolicyPage.objects.live()
            .filter(page_filter(request.user))
            .select_related("department")
            .alias(listing_status=policy_status())
            .alias(status_rank=_status_rank())
            .order_by("department__sort_order", "department__name", "category", "status_rank", "number", "pk")
        )
        listing = Listing(
            visible, request.GET, models=[PolicyPage], extra=[DepartmentFilter()], types=False, years=False
        )
        context["listing"] = listing
        context["policies"] = listing.page()
        return context


def _status_rank():
    """In force first, then those still to come, then those no longer in force."""
    order = [PolicyStatus.IN_FORCE, PolicyStatus.PENDING, PolicyStatus.SUPERSEDED, PolicyStatus.REPEALED]
    return Case(*(When(listing_status=s.value, then=Value(rank)) for rank, s in enumerate(order)))
