"""Meeting pages (会议, MTG-1): topic, purpose, time, place or video link,
the people who run it, its attendees (named on the record, so the access
rule lets them read it), external attendees and the agenda."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from portal.access.models import Named, access_panels
from portal.search.fields import SegmentedSearchMixin, user_names

from ..forms import MeetingPageForm
from .records import RecordPage, people_on, title_panels

MEETING_TITLE_HELP = _("The meeting's topic as it is filed and cited, e.g. 2026年第四季度留痕工作推进会.")


def _person(verbose_name):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class MeetingPage(RecordPage):
    """A meeting: its topic (the title), purpose, start and end, place or
    video link, chair, organiser and minute-taker, the portal users who
    attend and the external attendees, and the agenda. Everyone it names
    may read it whatever its level. Filed under a department's 会议 section."""

    base_form_class = MeetingPageForm

    purpose = models.TextField(_("purpose"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    chair = _person(_("chair"))
    organiser = _person(_("organiser"))
    minute_taker = _person(_("minute-taker"))
    attendees = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        blank=True,
        related_name="+",
        help_text=_("Portal users who attend; each may read the meeting whatever its level."),
    )

    content_panels = [
        *title_panels(MEETING_TITLE_HELP),
        FieldPanel("purpose"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("video_link")]),
            ],
            heading=_("Time and place"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("chair"), FieldPanel("organiser"), FieldPanel("minute_taker")]),
                FieldPanel("attendees"),
            ],
            heading=_("People"),
        ),
        InlinePanel("external_attendees", heading=_("External attendees"), label=_("External attendee")),
        InlinePanel("agenda_items", heading=_("Agenda"), label=_("Agenda item")),
        FieldPanel("attachments"),
        *access_panels(),
    ]

    search_text_fields = ("purpose", "place", "agenda_text", "external_text")
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    parent_page_types = ["home.SectionPage"]
    subpage_types = ["home.MeetingMaterialPage", "home.MeetingMinutesPage"]

    access_naming_fields = ("participants", "attendees")
    required_for_submission = ("starts_at", "ends_at", "chair", "organiser", "minute_taker")
    approval_route = "meeting"

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def get_context(self, request, *args, **kwargs):
        from registers.services import meetings as attendance

        context = super().get_context(request, *args, **kwargs)
        context["materials"] = self.materials_for(request.user)
        context["attendance"] = attendance.page_context(self, request.user)
        return context

    def materials_for(self, user):
        """The meeting's live materials that ``user`` may read, in the
        tree's order: a material is read only within its distribution scope."""
        from portal.access import rules

        from .meeting_materials import MeetingMaterialPage

        return (
            MeetingMaterialPage.objects.child_of(self)
            .live()
            .filter(rules.page_filter(user, rules.Action.LIST))
            .select_related("responsible")
            .order_by("path")
        )

    def named_people(self):
        """The chair, organiser, minute-taker and attendees, each once."""
        people = [self.chair, self.organiser, self.minute_taker, *self.attendees.all()]
        return list({user.pk: user for user in people if user is not None}.values())

    def access_named(self):
        """Everyone the meeting names reads it: its participants, chair,
        organiser, minute-taker and attendees, and the delegates attendees
        named in the attendance register (who attend in their place)."""
        from registers.models import MeetingAttendance

        delegates = (
            MeetingAttendance.objects.filter(page_id=self.pk, response=MeetingAttendance.Response.DELEGATE)
            .exclude(delegate=None)
            .values_list("delegate_id", flat=True)
            if self.pk
            else []
        )
        people = {user.pk for user in self.named_people()} | set(delegates)
        return super().access_named() | Named(users=frozenset(people))

    def search_people(self):
        return [
            *people_on(self),
            *(
                (label, names)
                for label, names in (
                    (_("Chair"), user_names([self.chair])),
                    (_("Organiser"), user_names([self.organiser])),
                    (_("Minute-taker"), user_names([self.minute_taker])),
                    (_("Attendees"), user_names(self.attendees.all())),
                )
                if names
            ),
        ]

    @property
    def agenda_text(self):
        return " ".join(f"{item.topic} {item.presenter or ''}".strip() for item in self.agenda_items.all())

    @property
    def external_text(self):
        return " ".join(f"{a.name} {a.organisation}" for a in self.external_attendees.all())

    def minutes_page(self):
        """The meeting's approved minutes, or None."""
        from .minutes import MeetingMinutesPage

        return MeetingMinutesPage.objects.child_of(self).live().first()

    def planned_minutes(self):
        return sum(item.planned_minutes or 0 for item in self.agenda_items.all())


class MeetingExternalAttendee(Orderable):
    """Someone from outside the portal who attends, by name and organisation."""

    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="external_attendees")
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("organisation")])]

    class Meta(Orderable.Meta):
        verbose_name = _("external attendee")
        verbose_name_plural = _("external attendees")

    def __str__(self):
        return f"{self.name}（{self.organisation}）"


class MeetingAgendaItem(Orderable):
    """One item of the agenda, in order: its topic, presenter and planned time."""

    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    topic = models.CharField(_("topic"), max_length=255)
    presenter = _person(_("presenter"))
    planned_minutes = models.PositiveSmallIntegerField(
        _("planned minutes"), validators=[MinValueValidator(1)]
    )

    panels = [FieldPanel("topic"), FieldRowPanel([FieldPanel("presenter"), FieldPanel("planned_minutes")])]

    class Meta(Orderable.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.topic
