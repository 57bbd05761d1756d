"""Meeting minutes (会议纪要, MTG-2): under their meeting, one per meeting,
per agenda item the discussion and key points, the decisions (each with a
responsible department and person and a due date), and recordings, accepted
only when every attendee's consent to being recorded is on the minutes.

The meeting's chair approves them (:class:`~portal.approvals.models.MeetingChairTask`);
once approved they change only through a correction — a new revision that
states its reason and goes to the chair again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageLogEntry

from portal.access.models import access_panels
from portal.approvals.models import ApprovalOpinion, Opinion
from portal.search.fields import SegmentedSearchMixin

from ..forms import MeetingMinutesPageForm
from .records import RecordPage, title_panels

MINUTES_TITLE_HELP = gettext_lazy("The minutes' title as filed, e.g. 2026年第四季度留痕工作推进会会议纪要.")


class RecordingBlock(blocks.StructBlock):
    """An audio or video recording of the meeting (a document: access-controlled,
    with size and SHA-256)."""

    document = DocumentChooserBlock(label=gettext_lazy("File"))
    note = blocks.CharBlock(label=gettext_lazy("Note"), required=False, max_length=200)

    class Meta:
        icon = "media"
        label = gettext_lazy("Recording")
        template = "home/blocks/attachment.html"


class ConsentMethod(models.TextChoices):
    SIGNED = "signed", gettext_lazy("signed consent form")
    ORAL = "oral", gettext_lazy("oral consent at the meeting, noted by the minute-taker")
    WRITTEN = "written", gettext_lazy("written consent by e-mail or message")


class MeetingMinutesPage(RecordPage):
    """The minutes of the meeting they are filed under: drafted by the
    minute-taker, approved by the meeting's chair, then immutable but for
    corrections approved the same way. The meeting's readers read them."""

    base_form_class = MeetingMinutesPageForm

    summary = models.TextField(gettext_lazy("summary"), blank=True)
    recordings = StreamField(
        [("recording", RecordingBlock())],
        blank=True,
        verbose_name=gettext_lazy("recordings"),
        help_text=gettext_lazy(
            "Audio or video files of the meeting (mp3, m4a, wav, mp4, webm). The minutes can be "
            "submitted only when every attendee's consent to the recording is recorded below."
        ),
    )
    correction_reason = models.TextField(
        gettext_lazy("reason for the correction"),
        blank=True,
        help_text=gettext_lazy(
            "Required when changing minutes that were approved: what is corrected and why. "
            "The correction goes to the chair for approval again."
        ),
    )

    content_panels = [
        *title_panels(MINUTES_TITLE_HELP),
        FieldPanel("correction_reason"),
        FieldPanel("summary"),
        InlinePanel(
            "items",
            heading=gettext_lazy("Minutes per agenda item"),
            label=gettext_lazy("Minutes of an agenda item"),
        ),
        InlinePanel("decisions", heading=gettext_lazy("Resolutions"), label=gettext_lazy("Resolution")),
        FieldPanel("recordings"),
        InlinePanel(
            "recording_consents",
            heading=gettext_lazy("Consent to the recording"),
            label=gettext_lazy("Consent"),
        ),
        FieldPanel("attachments"),
        *access_panels(),
    ]

    search_text_fields = ("summary", "items_text", "decisions_text")
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    parent_page_types = ["home.MeetingPage"]
    subpage_types = []
    max_count_per_parent = 1

    approval_route = "minutes"

    class Meta:
        verbose_name = gettext_lazy("meeting minutes")
        verbose_name_plural = gettext_lazy("meeting minutes")

    # --- The meeting ---------------------------------------------------------

    @property
    def meeting(self):
        """The meeting the minutes are filed under (for minutes not yet
        saved, the one the admin form adds them to)."""
        if getattr(self, "_meeting", None) is None:
            parent = self.get_parent() if self.path else None
            self._meeting = parent.specific if parent is not None else None
        return self._meeting

    @property
    def approving_chair(self):
        """Who approves the minutes: the meeting's chair (the approval step
        falls back to the department's heads when the chair may not)."""
        meeting = self.meeting
        return getattr(meeting, "chair", None)

    def access_named(self):
        """The meeting's readers read its minutes."""
        named = super().access_named()
        meeting = self.meeting
        return named | meeting.access_named() if meeting is not None else named

    def get_context(self, request, *args, **kwargs):
        from portal.access import rules

        context = super().get_context(request, *args, **kwargs)
        context["recordings"] = [
            block
            for block in self.recordings
            if block.value.get("document")
            and rules.can(request.user, rules.Action.DOWNLOAD, block.value["document"])
        ]
        return context

    # --- Consent to recordings ---------------------------------------------

    def attendees_to_consent(self):
        """(key, name) of everyone whose consent a recording needs: the
        meeting's chair, organiser, minute-taker, attendees and external attendees."""
        meeting = self.meeting
        if meeting is None:
            return []
        people = [(("user", user.pk), user.get_full_name()) for user in meeting.named_people()]
        people += [(("external", a.pk), a.name) for a in meeting.external_attendees.all()]
        return people

    def missing_consents(self, consents=None, recordings=None):
        """Names of the attendees whose consent is not recorded, when the
        minutes hold a recording; ``consents`` are ``(attendee, external)``
        pairs (the form's rows), else the stored rows."""
        recordings = self.recordings if recordings is None else recordings
        if not len(recordings):
            return []
        if consents is None:
            consents = [(c.attendee, c.external_attendee) for c in self.recording_consents.all()]
        given = {("user", user.pk) for user, _external in consents if user is not None}
        given |= {("external", external.pk) for _user, external in consents if external is not None}
        return [name for key, name in self.attendees_to_consent() if key not in given]

    def consent_problems(self, consents=None, recordings=None):
        missing = self.missing_consents(consents, recordings)
        if not missing:
            return []
        return [
            _(
                "Recordings: the consent of every attendee must be recorded before submitting. "
                "Missing: %(names)s."
            )
            % {"names": "、".join(missing)}
        ]

    def submission_problems(self):
        # The admin form judges the consent rows it holds (``consents_in_form``).
        return self.consent_problems(getattr(self, "consents_in_form", None))

    # --- Approval and corrections ------------------------------------------

    def published_revisions(self):
        """The revisions that went live, oldest first: the approval and each
        approved correction."""
        if self.pk is None:
            return []
        entries = (
            PageLogEntry.objects.filter(page_id=self.pk, action="wagtail.publish", revision__isnull=False)
            .select_related("revision", "user")
            .order_by("timestamp", "pk")
        )
        return list(entries)

    def correction_history(self):
        """(published at, reason, approver) of each approved correction."""
        history = []
        for entry in self.published_revisions()[1:]:
            minutes = entry.revision.as_object()
            history.append((entry.timestamp, minutes.correction_reason, entry.user))
        return history

    def approval(self):
        """The chair's (or their stand-in's) agreement that put the live
        version up: (approver's name, at), or None."""
        if self.pk is None:
            return None
        row = (
            ApprovalOpinion.objects.filter(page_id=self.pk, opinion=Opinion.AGREE)
            .order_by("-created_at", "-pk")
            .first()
        )
        return (row.approver_name, row.created_at) if row is not None and self.live else None

    def approval_state(self):
        if self.workflow_in_progress:
            return (
                _("Correction awaiting the chair's approval")
                if self.live
                else _("Awaiting the chair's approval")
            )
        if self.live:
            return _("Approved")
        return _("Draft")

    def was_approved(self):
        return self.pk is not None and self.first_published_at is not None

    # --- Text for search -----------------------------------------------------

    @property
    def items_text(self):
        return " ".join(f"{item.discussion} {item.key_points}" for item in self.items.all())

    @property
    def decisions_text(self):
        return " ".join(decision.text for decision in self.decisions.all())

    def decisions_by_item(self):
        """Each minutes item with the decisions taken on its agenda item."""
        decisions = list(self.decisions.all())
        rows = []
        for item in self.items.all():
            rows.append(
                (item, [d for d in decisions if d.agenda_item_id and d.agenda_item_id == item.agenda_item_id])
            )
        return rows


class MinutesItem(Orderable):
    """What was said on one agenda item: the discussion and the key points."""

    page = ParentalKey(MeetingMinutesPage, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(
        "home.MeetingAgendaItem",
        verbose_name=gettext_lazy("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    discussion = models.TextField(gettext_lazy("discussion"), blank=True)
    key_points = models.TextField(gettext_lazy("key points"), blank=True)

    panels = [FieldPanel("agenda_item"), FieldPanel("discussion"), FieldPanel("key_points")]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("minutes item")
        verbose_name_plural = gettext_lazy("minutes items")

    def __str__(self):
        return str(self.agenda_item) if self.agenda_item_id else _("Other business")


class MinutesDecision(Orderable):
    """A decision of the meeting: what is to be done, by which department and
    person, by when. Approved minutes open a 督办 follow-up task for each."""

    page = ParentalKey(MeetingMinutesPage, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        "home.MeetingAgendaItem",
        verbose_name=gettext_lazy("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(gettext_lazy("resolution"))
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=gettext_lazy("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(gettext_lazy("due date"), null=True, blank=True)

    panels = [
        FieldPanel("agenda_item"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("department"), FieldPanel("responsible"), FieldPanel("due_on")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("resolution")
        verbose_name_plural = gettext_lazy("resolutions")

    def __str__(self):
        return self.text


class MinutesRecordingConsent(Orderable):
    """One attendee's consent to the recording: who, how and when it was given."""

    page = ParentalKey(MeetingMinutesPage, on_delete=models.CASCADE, related_name="recording_consents")
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("attendee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external_attendee = models.ForeignKey(
        "home.MeetingExternalAttendee",
        verbose_name=gettext_lazy("external attendee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(gettext_lazy("how"), max_length=20, choices=ConsentMethod.choices)
    given_at = models.DateTimeField(gettext_lazy("when"))

    panels = [
        FieldRowPanel([FieldPanel("attendee"), FieldPanel("external_attendee")]),
        FieldRowPanel([FieldPanel("method"), FieldPanel("given_at")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("consent to the recording")
        verbose_name_plural = gettext_lazy("consents to the recording")

    def __str__(self):
        who = self.attendee.get_full_name() if self.attendee_id else str(self.external_attendee or "")
        return f"{who}（{self.get_method_display()}）"
