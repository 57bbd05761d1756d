"""A meeting's materials (会议材料, MTG-1): its notice, agenda papers and
reports, each prepared by a person responsible and read only within its
distribution scope."""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page

from portal.access import policy
from portal.access.levels import Level
from portal.access.models import Named
from portal.search.fields import SegmentedSearchMixin, user_names

from ..forms import MeetingMaterialPageForm
from .records import RecordPage, people_on, title_panels

MATERIAL_TITLE_HELP = _("The material's title as it is filed and cited, e.g. 第三季度留痕考核情况汇报.")


class MaterialKind(models.TextChoices):
    NOTICE = "notice", _("meeting notice")
    AGENDA = "agenda", _("agenda papers")
    REPORT = "report", _("report papers")
    OTHER = "other", _("other material")


class MaterialState(models.TextChoices):
    TO_PREPARE = "to_prepare", _("to be prepared")
    PREPARING = "preparing", _("in preparation")
    READY = "ready", _("ready")


class MeetingMaterialPage(RecordPage):
    """One material of a meeting, filed under the meeting page: its kind,
    preparation state, the person responsible for it, its files and its
    distribution scope (people and departments). It is read only within
    that scope, by the person responsible, its author, and whoever the
    access policy lets read every named-only level (the leadership): its
    level is always one its owning department does not read
    (:func:`portal.access.policy.named_only_levels`), and so are its files'.
    Written by the meeting's organiser or the person responsible."""

    base_form_class = MeetingMaterialPageForm

    kind = models.CharField(_("kind of material"), max_length=20, choices=MaterialKind.choices)
    state = models.CharField(
        _("preparation state"), max_length=20, choices=MaterialState.choices, default=MaterialState.TO_PREPARE
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality level"),
        choices=Level.choices,
        default=Level.CONFIDENTIAL,
        help_text=_("Only levels its owning department does not read: the scope names its readers."),
    )
    scope_departments = ParentalManyToManyField(
        "accounts.Department",
        verbose_name=_("departments in distribution scope"),
        blank=True,
        related_name="+",
        help_text=_("Everyone in these departments (and their sub-departments) may read the material."),
    )

    content_panels = [
        *title_panels(MATERIAL_TITLE_HELP),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("state"), FieldPanel("responsible")]),
        FieldPanel("description"),
        FieldPanel("attachments"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "participants",
                    heading=_("people in distribution scope"),
                    help_text=_(
                        "People who may read the material; the meeting's attendees read only if named."
                    ),
                ),
                FieldPanel("scope_departments"),
            ],
            heading=_("Distribution scope"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldRowPanel([FieldPanel("confidentiality"), FieldPanel("confidentiality_term")]),
            ],
            heading=_("Access"),
        ),
    ]

    search_text_fields = ("description",)
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    parent_page_types = ["home.MeetingPage"]
    subpage_types = []

    access_naming_fields = ("participants", "scope_departments")
    required_for_submission = ("kind", "responsible")
    approval_route = "meeting"

    class Meta:
        verbose_name = _("meeting material")
        verbose_name_plural = _("meeting materials")

    def clean(self):
        super().clean()
        errors = {}
        levels = policy.named_only_levels()
        if self.confidentiality not in levels:
            errors["confidentiality"] = gettext(
                "Confidentiality level: a meeting material is read only within its distribution scope, "
                "so its level must be one its owning department does not read (%(levels)s)."
            ) % {"levels": "、".join(str(Level(level).label) for level in levels)}
        wide = [
            str(document) for document in self.attachment_files() if document.confidentiality not in levels
        ]
        if wide:
            # Named in the message: Wagtail's stream field shows only its blocks' own errors.
            errors[NON_FIELD_ERRORS] = gettext(
                "Attachments: these files could be opened outside the material's distribution scope; "
                "upload them at the material's level: %(files)s."
            ) % {"files": "、".join(wide)}
        if errors:
            raise ValidationError(errors)

    def submission_problems(self):
        if not self.participants.all() and not self.scope_departments.all():
            return [gettext("Distribution scope: name at least one person or department before submitting.")]
        return []

    def access_named(self):
        """The distribution scope (its people and departments) and the
        person responsible, who prepares it."""
        people = {self.responsible_id} - {None}
        departments = frozenset(d.pk for d in self.scope_departments.all())
        return super().access_named() | Named(users=frozenset(people), departments=departments)

    def search_people(self):
        responsible = user_names([self.responsible])
        return [*people_on(self), *([(_("Person responsible"), responsible)] if responsible else [])]

    def meeting(self):
        return self.get_parent().specific
