"""Work reports (WRK-1): the daily report and its thread of annotations and
replies, and the company's register of working-day overrides that, with the
State Council's calendar, says which days a report is due
(:mod:`registers.calendar`)."""

import datetime
from decimal import Decimal

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from portal.access.levels import Level
from portal.access.models import AccessControlledRecord
from portal.search.fields import SegmentedSearchMixin, user_names


@reversion.register()
class WorkingDayOverride(models.Model):
    """A company day that differs from the official calendar (a company
    holiday, an extra working day), kept by the administration office."""

    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(_("working day"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")

    def __str__(self):
        kind = _("working day") if self.is_working else _("day off")
        return f"{self.date.isoformat()} {kind}: {self.reason}"


class WorkReport(SegmentedSearchMixin, index.Indexed, AccessControlledRecord):
    """What every work report shares: its author and who reads it — the
    author, their supervisor (``access_naming``), the heads of its
    department and of the departments above, and the leadership. Its level
    is secret, at which the department's members do not read."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality level"), choices=Level.choices, default=Level.SECRET, editable=False
    )

    access_author_field = "author"

    class Meta:
        abstract = True

    @property
    def title(self):
        return str(self)

    title.fget.short_description = _("Title")  # the listing's column

    @property
    def is_late(self):
        """Submitted after the report's ``deadline`` (a fact, computed)."""
        return self.submitted_at is not None and self.submitted_at > self.deadline

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def lateness_label(self):
        if self.submitted_at is None:
            return _("Not submitted")
        return _("Late") if self.is_late else _("On time")

    # The key figures (name, target, actual, unit) of a report that has
    # them, as dicts: a monthly report's rows, a department's snapshot.
    key_figures = ()

    @property
    def period_label(self):
        """The period reported on, as listings show it: 2026-11-30, the
        week 2026-11-30 – 2026-12-06, the month 2026-11."""
        if hasattr(self, "date"):
            return self.date.isoformat()
        if hasattr(self, "week"):
            return f"{self.week.isoformat()} – {(self.week + datetime.timedelta(days=6)).isoformat()}"
        return self.month.strftime("%Y-%m")

    @property
    def key_figures_text(self):
        """The key figures one a line, as the export writes them."""
        from ..charts import figure_line

        return "\n".join(figure_line(figure) for figure in self.key_figures)

    def search_people(self):
        return [(_("Author"), user_names([self.author]))]

    @classmethod
    def access_naming(cls, user_id):
        """The author's supervisor, when one is set on the author's account
        (the default supervisors are heads, who read as heads)."""
        return Q(author__supervisor=user_id)

    @property
    def trail_department(self):
        return self.department


@reversion.register()
class DailyReport(WorkReport):
    """One person's report of one working day: work done, results, problems
    and how they were solved, the plan for tomorrow.

    Whether it was late is never stored: it follows from the day's deadline
    (:func:`registers.calendar.deadline_for`) and ``submitted_at``, the time
    of the first submission; an edit after it makes a new version.

    Read as every work report (:class:`WorkReport`)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Annotated")

    date = models.DateField(_("date"))
    work_done = models.TextField(_("work done"), blank=True)
    results = models.TextField(_("results"), blank=True)
    problems = models.TextField(_("problems and solutions"), blank=True)
    plan = models.TextField(_("plan for tomorrow"), blank=True)
    non_working_reason = models.CharField(
        _("reason for a report on a non-working day"), max_length=200, blank=True
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    edited_at = models.DateTimeField(_("last edited after submission at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("annotated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("annotated at"), null=True, blank=True)
    history_related = ("comments",)

    search_text_fields = ("work_done", "results", "problems", "plan")
    search_fields = SegmentedSearchMixin.segmented_search_fields()

    class Meta:
        ordering = ["-date", "author"]
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        constraints = [models.UniqueConstraint(fields=["author", "date"], name="one_daily_report_per_day")]

    def __str__(self):
        return _("Daily report of %(author)s, %(date)s") % {
            "author": self.author,
            "date": self.date.isoformat(),
        }

    @property
    def deadline(self):
        from ..calendar import deadline_for

        return deadline_for(self.date)


@reversion.register()
class ReportComment(models.Model):
    """One message of a report's thread: the supervisor's annotation (批注)
    or the author's reply."""

    class Kind(models.TextChoices):
        ANNOTATION = "annotation", _("Annotation")
        REPLY = "reply", _("Reply")

    report = models.ForeignKey(
        DailyReport, verbose_name=_("daily report"), on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:30]}"

    @property
    def trail_department(self):
        return self.report.department


@reversion.register()
class WeeklyReport(WorkReport):
    """One person's report of one week (WRK-2): summary, problems and their
    causes, next week's plan, improvements. ``week`` is the ISO week's
    Monday. The supervisor signs it (签阅); a signed report never changes,
    which the database itself enforces (:data:`registers.triggers.SIGNED_WEEKLY_REPORTS`).

    Late is a fact, computed: the report is due by the daily deadline of the
    week's last working day (:attr:`deadline`)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SIGNED = "signed", pgettext_lazy("weekly report state", "Signed")

    week = models.DateField(_("week (Monday)"))
    summary = models.TextField(_("summary of the week"), blank=True)
    problems = models.TextField(_("problems and causes"), blank=True)
    plan = models.TextField(_("plan for next week"), blank=True)
    improvements = models.TextField(_("improvements"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    edited_at = models.DateTimeField(_("last edited after submission at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    search_text_fields = ("summary", "problems", "plan", "improvements")
    search_fields = SegmentedSearchMixin.segmented_search_fields()

    class Meta:
        ordering = ["-week", "author"]
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        constraints = [models.UniqueConstraint(fields=["author", "week"], name="one_weekly_report_per_week")]

    def __str__(self):
        return _("Weekly report of %(author)s, week of %(week)s") % {
            "author": self.author,
            "week": self.week.isoformat(),
        }

    @property
    def deadline(self):
        from ..calendar import week_deadline

        return week_deadline(self.week)


class MonthlyReport(WorkReport):
    """One person's report of one month (WRK-3): goals and attainment, key
    progress, teamwork, achievements and shortcomings, with its key figures
    (:class:`ReportFigure`, versioned with it). ``month`` is the month's
    first day.

    Late is a fact, computed: the report is due by the daily deadline of the
    month's last working day (:attr:`deadline`)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    month = models.DateField(_("month"))
    goals = models.TextField(_("goals and attainment"), blank=True)
    progress = models.TextField(_("key progress"), blank=True)
    teamwork = models.TextField(_("teamwork"), blank=True)
    achievements = models.TextField(_("achievements and shortcomings"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    edited_at = models.DateTimeField(_("last edited after submission at"), null=True, blank=True)
    history_related = ("figures",)

    search_text_fields = ("goals", "progress", "teamwork", "achievements")
    search_fields = SegmentedSearchMixin.segmented_search_fields()

    class Meta:
        ordering = ["-month", "author"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["author", "month"], name="one_monthly_report_per_month")
        ]

    def __str__(self):
        return _("Monthly report of %(author)s, %(month)s") % {
            "author": self.author,
            "month": self.month.strftime("%Y-%m"),
        }

    @property
    def deadline(self):
        from ..calendar import month_deadline

        return month_deadline(self.month)

    @property
    def key_figures(self):
        return [
            {"name": f.name, "target": f.target, "actual": f.actual, "unit": f.unit}
            for f in self.figures.all()
        ]


@reversion.register()
class ReportFigure(models.Model):
    """One key figure of a monthly report: its target and what was actually
    reached, in a unit."""

    report = models.ForeignKey(
        MonthlyReport, verbose_name=_("monthly report"), on_delete=models.CASCADE, related_name="figures"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("figure"), max_length=100)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self):
        return f"{self.name}: {self.actual}/{self.target} {self.unit}".strip()

    def issued_for_deletion(self):
        """A draft's figures are retyped (replaced) while it is written; a
        submitted report's figures stay (:mod:`portal.access.deletion`)."""
        from portal.access.deletion import Reason

        return None if self.report.state == MonthlyReport.State.DRAFT else Reason.REGISTERED

    @property
    def trail_department(self):
        return self.report.department


reversion.register(MonthlyReport, follow=("figures",))


@reversion.register()
class DepartmentMonthlyReport(WorkReport):
    """A department's report of one month, composed by its head (the
    ``author``) from the staff's monthly reports: their key figures summed
    by name and unit (``figures``: name, unit, target, actual, count of
    reports), their texts pulled in for editing. Submitted to the
    leadership, who comment on it.

    Read as every work report: the head, the heads above, the leadership."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        COMMENTED = "commented", _("Commented by leadership")

    month = models.DateField(_("month"))
    goals = models.TextField(_("goals and attainment"), blank=True)
    progress = models.TextField(_("key progress"), blank=True)
    teamwork = models.TextField(_("teamwork"), blank=True)
    achievements = models.TextField(_("achievements and shortcomings"), blank=True)
    figures = models.JSONField(_("key figures"), default=list, blank=True)
    staff_reports = models.PositiveIntegerField(_("staff reports"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    comment = models.TextField(_("leadership's comment"), blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("commented by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commented_at = models.DateTimeField(_("commented at"), null=True, blank=True)

    search_text_fields = ("goals", "progress", "teamwork", "achievements", "comment")
    search_fields = SegmentedSearchMixin.segmented_search_fields()

    class Meta:
        ordering = ["-month", "department"]
        verbose_name = _("department monthly report")
        verbose_name_plural = _("department monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["department", "month"], name="one_department_report_per_month")
        ]

    def __str__(self):
        return _("Monthly report of %(department)s, %(month)s") % {
            "department": self.department,
            "month": self.month.strftime("%Y-%m"),
        }

    @property
    def deadline(self):
        from ..calendar import department_month_deadline

        return department_month_deadline(self.month)

    @property
    def key_figures(self):
        return [
            {**figure, "target": Decimal(figure["target"]), "actual": Decimal(figure["actual"])}
            for figure in self.figures
        ]


@reversion.register()
class ReportReminder(models.Model):
    """A reminder sent by ``run_periodic`` about daily reports: to an author
    whose report of the day is not in yet, or to a supervisor of reports
    waiting for an annotation. One per person, kind and day: a second run on
    the same day sends none."""

    class Kind(models.TextChoices):
        SUBMIT = "submit", _("Report not submitted")
        REVIEW = "review", _("Reports awaiting annotation")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    count = models.PositiveIntegerField(_("number of reports"), default=0)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-day", "recipient"]
        verbose_name = _("daily report reminder")
        verbose_name_plural = _("daily report reminders")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day", "kind"], name="one_report_reminder_a_day")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.day.isoformat()}"
