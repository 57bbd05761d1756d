"""Meeting attendance (MTG-1): one row per person a meeting's notice went
to, with their answer (attend, decline, send a delegate), and how they
signed in on the day: by themselves, or on the paper sign-in sheet an
archivist recorded (the scanned sheet kept as a document)."""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string

from portal.access.models import AccessControlledRecord, NamedOnPage


@reversion.register()
class MeetingAttendance(AccessControlledRecord):
    """One attendee of one meeting (a ``home.MeetingPage``, referred to as a
    page: registers do not know page types). Its department and level are the
    meeting's, so those who read the meeting at that level read it; the
    people the meeting names read it too (``access_naming``), and a delegate
    is one of its participants."""

    class Response(models.TextChoices):
        PENDING = "pending", _("Not answered")
        ATTEND = "attend", _("Attending")
        DECLINE = "decline", _("Not attending")
        DELEGATE = "delegate", _("Sending a delegate")

    class CheckIn(models.TextChoices):
        SELF = "self", _("Signed in in person")
        PAPER = "paper", _("Paper sign-in sheet")

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="+"
    )
    notice = models.ForeignKey(
        "registers.Circulation",
        verbose_name=_("notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("attendee"), on_delete=models.PROTECT, related_name="+"
    )
    reply_by = models.DateTimeField(_("reply by"), null=True, blank=True)
    response = models.CharField(
        _("response"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    check_in_method = models.CharField(_("signed in by"), max_length=10, choices=CheckIn.choices, blank=True)
    paper_sheet = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("paper sign-in sheet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The trail masks events about an attendance as events about its meeting.
    access_record_path = "page"

    class Meta:
        ordering = ["page", "pk"]
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        constraints = [
            models.UniqueConstraint(fields=["page", "attendee"], name="unique_meeting_attendee"),
        ]

    def __str__(self):
        return f"{self.attendee} · {self.get_response_display()}"

    @classmethod
    def access_naming(cls, user_id):
        """Everyone the meeting names by name (chair, organiser, minute-taker,
        attendees) reads its attendance."""
        return Q(page_id__in=NamedOnPage.objects.filter(user_id=user_id).values("access_id"))

    @property
    def trail_department(self):
        return self.department

    @property
    def answered(self):
        return self.response != self.Response.PENDING
