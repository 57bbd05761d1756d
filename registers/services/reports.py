"""Daily work reports (WRK-1): keep a draft, submit it, edit it after
submission (a new version), the supervisor's annotation and the author's
reply; and the administration office's working-day overrides. Each action
is one ``records.write``: one transaction, one version per row written,
one trail event.

Lateness and missing reports are computed (:func:`missing_days`,
``DailyReport.is_late``) from the calendar and the submission time; nobody
declares them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import records
from portal.access.subjects import roles_of
from portal.accounts.roles import Role
from portal.accounts.supervisors import supervises

from .. import calendar
from ..models import DailyReport, ReportComment, WorkingDayOverride

State = DailyReport.State
TEXT_FIELDS = ("work_done", "results", "problems", "plan")


# --- The calendar ------------------------------------------------------------


def may_keep_calendar(user):
    return user.is_authenticated and user.is_active and Role.ADMINISTRATION_OFFICE in roles_of(user)


def set_working_day(day, is_working, actor, *, reason):
    """Make ``day`` a working day or a day off for the company, whatever the
    official calendar says (a later call for the same day replaces it)."""
    if not may_keep_calendar(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Reason: say why this day differs from the official calendar.")})
    override = WorkingDayOverride.objects.filter(date=day).first() or WorkingDayOverride(date=day)
    before = None if override.pk is None else override.is_working
    override.is_working, override.reason, override.created_by = bool(is_working), reason, actor
    override.created_at = timezone.now()
    details = {"date": day.isoformat(), "is_working": bool(is_working), "before": before, "reason": reason}
    return records.write("calendar.override", actor, override, details=details)


# --- Writing a report --------------------------------------------------------


def _texts(fields):
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown report fields: {sorted(unknown)}")
    return {name: (value or "").strip() for name, value in fields.items()}


def _check_day(day, now):
    if day > calendar.today(now):
        raise ValidationError({"date": _("Date: a report cannot be written for a future day.")})


def _check_complete(report):
    if not report.work_done:
        raise ValidationError({"work_done": _("Work done: say what you did on this day.")})
    if not report.non_working_reason and not calendar.is_working_day(report.date):
        raise ValidationError(
            {
                "non_working_reason": _(
                    "Reason for a report on a non-working day: %(date)s is not a working day; "
                    "say why you report on it."
                )
                % {"date": report.date.isoformat()}
            }
        )


def _own_report(author, day):
    """The author's report of ``day`` (locked), or a new one; refuses a
    second report of a day already submitted."""
    report = DailyReport.objects.select_for_update().filter(author=author, date=day).first()
    if report is None:
        return DailyReport(author=author, date=day, department=author.department, created_at=timezone.now())
    if report.state != State.DRAFT:
        raise ValidationError(
            {
                "date": _("Date: your report of %(date)s has already been submitted; edit it instead.")
                % {"date": day.isoformat()}
            }
        )
    return report


def save_draft(author, day, *, non_working_reason="", **fields):
    """Keep what the author has typed so far for ``day`` (a draft, read by
    the same people as the submitted report)."""
    now = timezone.now()
    _check_day(day, now)
    with records.writing("report.draft", author, details={"date": day.isoformat()}) as action:
        report = _own_report(author, day)
        for name, value in _texts(fields).items():
            setattr(report, name, value)
        report.non_working_reason = (non_working_reason or "").strip()
        action.save(report)
        action.target = report
    return report


def submit(author, day, *, non_working_reason="", **fields):
    """Submit the author's report of ``day`` (their draft, with ``fields``
    typed over it). Refused for a future day, a day already reported and a
    non-working day without a reason."""
    now = timezone.now()
    _check_day(day, now)
    with records.writing("report.submit", author) as action:
        report = _own_report(author, day)
        for name, value in _texts(fields).items():
            setattr(report, name, value)
        if non_working_reason:
            report.non_working_reason = non_working_reason.strip()
        _check_complete(report)
        report.state, report.submitted_at = State.SUBMITTED, now
        action.save(report)
        action.target = report
        action.details.update(
            {"date": day.isoformat(), "late": report.is_late, "deadline": report.deadline.isoformat()}
        )
    return report


def edit(report, author, *, non_working_reason=None, **fields):
    """Change a submitted report: a new version, which its readers compare
    with the one submitted. Its submission time (and lateness) stay."""
    if author.pk != report.author_id:
        raise PermissionDenied
    with records.writing("report.edit", author, target=report) as action:
        report = DailyReport.objects.select_for_update().get(pk=report.pk)
        if report.state == State.DRAFT:
            raise ValidationError({"state": _("State: this report is a draft; submit it first.")})
        changed = []
        for name, value in _texts(fields).items():
            if getattr(report, name) != value:
                setattr(report, name, value)
                changed.append(name)
        if non_working_reason is not None and report.non_working_reason != non_working_reason.strip():
            report.non_working_reason = non_working_reason.strip()
            changed.append("non_working_reason")
        if not changed:
            raise ValidationError(_("The report is unchanged."))
        _check_complete(report)
        report.edited_at = timezone.now()
        action.save(report)
        action.target = report
        action.details.update({"date": report.date.isoformat(), "fields": changed})
    return report


# --- The thread --------------------------------------------------------------


def may_annotate(user, report):
    return report.state != State.DRAFT and supervises(user, report.author)


def annotate(report, supervisor, text):
    """The supervisor's annotation (批注): the report is reviewed."""
    text = (text or "").strip()
    if not may_annotate(supervisor, report):
        raise PermissionDenied(_("Only the author's supervisor annotates a submitted report."))
    if not text:
        raise ValidationError({"text": _("Annotation: write the annotation.")})
    with records.writing("report.annotate", supervisor, target=report) as action:
        report = DailyReport.objects.select_for_update().get(pk=report.pk)
        now = timezone.now()
        comment = ReportComment(
            report=report, author=supervisor, kind=ReportComment.Kind.ANNOTATION, text=text, created_at=now
        )
        report.state, report.reviewed_by, report.reviewed_at = State.REVIEWED, supervisor, now
        action.save(report, comment)
        action.details.update({"date": report.date.isoformat(), "text": text})
    return comment


def reply(report, author, text):
    """The author's answer in the report's thread."""
    text = (text or "").strip()
    if author.pk != report.author_id:
        raise PermissionDenied(_("Only the report's author replies in its thread."))
    if not text:
        raise ValidationError({"text": _("Reply: write the reply.")})
    if not report.comments.filter(kind=ReportComment.Kind.ANNOTATION).exists():
        raise ValidationError({"text": _("Reply: there is no annotation to reply to yet.")})
    comment = ReportComment(report=report, author=author, kind=ReportComment.Kind.REPLY, text=text)
    return records.write(
        "report.reply",
        author,
        comment,
        target=report,
        details={"date": report.date.isoformat(), "text": text},
    )


# --- Facts computed from the calendar ----------------------------------------


def missing_days(author, start, end, now=None):
    """The working days from ``start`` to ``end`` whose deadline has passed
    without a submitted report of ``author``."""
    now = now or timezone.now()
    submitted = set(
        DailyReport.objects.filter(
            author=author, date__range=(start, end), submitted_at__isnull=False
        ).values_list("date", flat=True)
    )
    return [
        day
        for day in calendar.working_days(start, end)
        if day not in submitted and calendar.deadline_for(day) < now
    ]
