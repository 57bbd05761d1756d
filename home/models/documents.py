"""Official documents, reports and contracts (公文 / 报告 / 合同, DOC-1) and
their numbering (文号)."""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.access.models import access_panels
from portal.search.fields import SegmentedSearchMixin

from ..listing import FieldFilter
from .records import RecordPage, title_panels


class DocumentKind(models.TextChoices):
    OFFICIAL = "official", _("Official document")
    REPORT = "report", _("Report")
    CONTRACT = "contract", _("Contract")


class Currency(models.TextChoices):
    CNY = "CNY", _("Renminbi (CNY)")
    HKD = "HKD", _("Hong Kong dollar (HKD)")
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")


DEFAULT_PATTERN = "〔{year}〕{code}字第{seq:03d}号"


@reversion.register()
class DocumentNumberRule(models.Model):
    """How a department numbers its documents of one kind, e.g.
    ``〔{year}〕{code}字第{seq:03d}号``. Kept by the administration office;
    the sequence restarts every year and a number is never given twice."""

    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    code = models.CharField(_("code"), max_length=10, help_text=_("Short code in the number, e.g. 行."))
    pattern = models.CharField(
        _("pattern"),
        max_length=100,
        default=DEFAULT_PATTERN,
        help_text=_("Placeholders: {year}, {code} and {seq} (e.g. {seq:03d} for three digits)."),
    )

    panels = [FieldPanel("department"), FieldPanel("kind"), FieldPanel("code"), FieldPanel("pattern")]

    class Meta:
        verbose_name = _("document number rule")
        verbose_name_plural = _("document number rules")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "kind"], name="home_number_rule_per_department_kind"
            )
        ]

    def __str__(self):
        return f"{self.department} · {self.get_kind_display()} · {self.example()}"

    def format(self, year, seq):
        return self.pattern.format(year=year, code=self.code, seq=seq)

    def example(self):
        try:
            return self.format(2026, 12)
        except (KeyError, IndexError, ValueError):
            return "?"

    def clean(self):
        from django.core.exceptions import ValidationError

        if "{seq" not in self.pattern or self.example() == "?":
            raise ValidationError(
                {
                    "pattern": _(
                        "The pattern must contain {seq} and only the placeholders {year}, {code} and {seq}."
                    )
                }
            )


class DocumentNumberCounter(models.Model):
    """The last sequence number given under a rule in a year. Only
    :func:`home.services.numbering.assign_number` changes it, under a row lock."""

    rule = models.ForeignKey(DocumentNumberRule, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [models.UniqueConstraint(fields=["rule", "year"], name="home_counter_per_rule_year")]

    def __str__(self):
        return f"{self.rule} {self.year}: {self.last}"


class DocumentPage(RecordPage):
    """An official document, report or contract (DOC-1): drafter, draft
    date, subject, purpose and content; contracts add the counterparty and
    terms. Its number is given when it is first published (issued), so a
    draft that is deleted leaves no gap. Written by the drafting department."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OFFICIAL
    )
    document_number = models.CharField(_("document number"), max_length=60, blank=True, editable=False)
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    draft_date = models.DateField(_("draft date"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    main_content = RichTextField(_("main content"), blank=True)
    counterparty = models.CharField(_("counterparty"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY)
    term_start = models.DateField(_("term from"), null=True, blank=True)
    term_end = models.DateField(_("term until"), null=True, blank=True)
    signing_date = models.DateField(_("signing date"), null=True, blank=True)
    countersigners = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("countersigners"),
        blank=True,
        related_name="+",
        help_text=_(
            "People who must each agree in the countersign step (会签); each must be able to read it."
        ),
    )
    countersigning_departments = ParentalManyToManyField(
        "accounts.Department",
        verbose_name=_("countersigning departments"),
        blank=True,
        related_name="+",
        help_text=_("Departments whose head must agree in the countersign step."),
    )

    content_panels = [
        *title_panels(),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("document_number", read_only=True),
                FieldRowPanel([FieldPanel("drafter"), FieldPanel("draft_date")]),
            ],
            heading=_("Document"),
        ),
        FieldPanel("subject"),
        FieldPanel("purpose"),
        FieldPanel("main_content"),
        FieldPanel("attachments"),
        MultiFieldPanel(
            [
                FieldPanel("counterparty"),
                FieldRowPanel([FieldPanel("amount"), FieldPanel("currency")]),
                FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end"), FieldPanel("signing_date")]),
                FieldPanel("countersigners"),
                FieldPanel("countersigning_departments"),
            ],
            heading=_("Contract"),
            help_text=_("For contracts only."),
        ),
        *access_panels(),
    ]

    search_text_fields = ("document_number", "subject", "purpose", "main_content", "counterparty")
    number_field = "document_number"
    # The number lives on the page, not in its revisions: the trail's
    # "document.number" event seals it, and verification holds the page to it.
    sealed_by_events = {"document_number": ("document.number", "number")}
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    parent_page_types = ["home.SectionPage"]
    subpage_types = []

    # A copy is a new document: it gets its own number when it is issued.
    exclude_fields_in_copy = ["document_number"]

    listing_filters = (FieldFilter("kind", label=_("Document kind")),)

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        constraints = [
            models.UniqueConstraint(
                fields=["document_number"],
                condition=~Q(document_number=""),
                name="home_document_number_unique",
            )
        ]

    @property
    def required_for_submission(self):
        common = ("drafter", "draft_date", "subject", "main_content")
        if self.kind == DocumentKind.CONTRACT:
            return (*common, "counterparty", "amount", "signing_date")
        return common

    @property
    def approval_route(self):
        return {DocumentKind.OFFICIAL: "notice", DocumentKind.REPORT: "report"}.get(self.kind, "contract")

    @property
    def is_contract(self):
        return self.kind == DocumentKind.CONTRACT

    def number_rule(self):
        return DocumentNumberRule.objects.filter(department_id=self.department_id, kind=self.kind).first()

    def submission_problems(self):
        if self.document_number or self.department_id is None or self.number_rule() is not None:
            return []
        return [
            _("No document number rule exists for this department and kind; ask the administration office.")
        ]

    def with_content_json(self, content):
        # The number lives on the page, not in its revisions: a later revision
        # never takes it away.
        page = super().with_content_json(content)
        page.document_number = self.document_number
        return page
