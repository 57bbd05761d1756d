"""Follow-up tasks (督办, MTG-3): each decision of a meeting becomes a task
with a responsible department and person and a due date, its progress
reports, and the extensions asked of the meeting's chair. Overdue is
computed from the due date, never stored."""

import reversion
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.access.levels import Level
from portal.access.models import AccessControlledRecord, NamedOnPage
from portal.accounts.models import Department
from portal.search.fields import SegmentedSearchMixin, user_names


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        """Tasks not yet completed or closed."""
        return self.exclude(state__in=FollowUpTask.FINISHED)

    def overdue(self, today=None):
        """Open tasks whose due date has passed (local date)."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


@reversion.register(follow=("progress", "extensions"))
class FollowUpTask(SegmentedSearchMixin, index.Indexed, AccessControlledRecord):
    """One decision of a meeting to carry out: who (department and person),
    by when, how far it has come. Made by :func:`registers.services.followup.open_tasks`
    and changed only by that service's actions.

    Under the access rule it is read by those who read its meeting at that
    level in that department, by the people the meeting names (chair,
    organiser, minute-taker, attendees), by the responsible person and by the
    heads of the responsible department (``access_naming``)."""

    class State(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
        EXTENDED = "extended", _("Extended")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", _("Closed")

    meeting = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="+"
    )
    meeting_title = models.CharField(_("meeting title"), max_length=255)
    decision_key = models.CharField(_("source decision"), max_length=100, blank=True)
    decision = models.TextField(_("decision"))
    responsible_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    original_due_on = models.DateField(_("originally due on"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.TODO)
    percent_done = models.PositiveSmallIntegerField(_("percent done"), default=0)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completion_note = models.TextField(_("completion note"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    check_opinion = models.TextField(_("check opinion"), blank=True)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)

    FINISHED = (State.COMPLETED, State.CLOSED)

    objects = FollowUpQuerySet.as_manager()

    access_author_field = "opened_by"
    history_related = ("progress", "extensions")

    search_text_fields = ("decision", "meeting_title")
    search_fields = SegmentedSearchMixin.segmented_search_fields()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "decision_key"],
                condition=~Q(decision_key=""),
                name="unique_followup_meeting_decision",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        """The decision, shortened: how the task is listed and found."""
        return self.decision if len(self.decision) <= 60 else self.decision[:60] + "…"

    def search_people(self):
        if self.pk is None:
            return []
        return [(_("Responsible person"), user_names([self.responsible]))]

    @classmethod
    def access_naming(cls, user_id):
        headed = Department.objects.filter(heads=user_id).values("pk")
        named_on_meeting = NamedOnPage.objects.filter(user_id=user_id).values("access_id")
        return Q(responsible=user_id) | Q(responsible_department__in=headed) | Q(meeting__in=named_on_meeting)

    @staticmethod
    def level_for(meeting):
        """A task's level: its meeting's, internal at least."""
        return max(getattr(meeting, "confidentiality", Level.INTERNAL), Level.INTERNAL)

    @property
    def trail_department(self):
        return self.department

    @property
    def is_open(self):
        return self.state not in self.FINISHED

    @property
    def overdue(self):
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def days_overdue(self):
        return (timezone.localdate() - self.due_on).days if self.overdue else 0

    @property
    def due_label(self):
        """The due date, with how long overdue when it is."""
        due = self.due_on.isoformat()
        if self.overdue:
            return _("%(due)s (overdue %(days)s days)") % {"due": due, "days": self.days_overdue}
        return due

    @property
    def overdue_label(self):
        return _("Overdue %(days)s days") % {"days": self.days_overdue} if self.overdue else ""

    def waiting_extension(self):
        return self.extensions.filter(decision=FollowUpExtension.Decision.PENDING).first()


@reversion.register()
class FollowUpProgress(models.Model):
    """A progress report on a task: how far it has come on a date, the
    problems met, the measures taken and the evidence (documents)."""

    task = models.ForeignKey(
        FollowUpTask, verbose_name=_("follow-up task"), on_delete=models.CASCADE, related_name="progress"
    )
    reported_on = models.DateField(_("date"))
    percent_done = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    problems = models.TextField(_("problems"), blank=True)
    measures = models.TextField(_("measures"), blank=True)
    evidence = models.ManyToManyField(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("evidence"), blank=True, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["task", "reported_on", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.task} {self.reported_on} {self.percent_done}%"

    @property
    def trail_department(self):
        return self.task.department


@reversion.register()
class FollowUpExtension(models.Model):
    """An extension asked of the meeting's chair: the new due date and the
    reason; the chair's decision and opinion."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Not approved")

    task = models.ForeignKey(
        FollowUpTask, verbose_name=_("follow-up task"), on_delete=models.CASCADE, related_name="extensions"
    )
    previous_due_on = models.DateField(_("due on before"))
    requested_due_on = models.DateField(_("requested new due date"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)

    class Meta:
        ordering = ["task", "requested_at", "pk"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self):
        return f"{self.task} → {self.requested_due_on}"

    @property
    def trail_department(self):
        return self.task.department
