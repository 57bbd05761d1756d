"""Daily work reports (WRK-1): keep a draft, submit it, edit it after
submission (a new version), the supervisor's annotation and the author's
reply; and the administration office's working-day overrides. Each action
is one ``records.write``: one transaction, one version per row written,
one trail event.

Lateness and missing reports are computed (:func:`missing_days`,
``DailyReport.is_late``) from the calendar and the submission time; nobody
declares them."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import records
from portal.access.subjects import roles_of
from portal.accounts.roles import Role
from portal.accounts.supervisors import supervises, supervisors_of

from .. import calendar
from ..models import DailyReport, ReportComment, ReportReminder, WorkingDayOverride

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


def set_texts(report, fields, names=TEXT_FIELDS):
    """Type ``fields`` (among the report's text fields ``names``) over
    ``report``, stripped; returns the names of those that changed."""
    unknown = set(fields) - set(names)
    if unknown:
        raise TypeError(f"Unknown report fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        value = (value or "").strip()
        if getattr(report, name) != value:
            setattr(report, name, value)
            changed.append(name)
    return changed


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
        set_texts(report, fields)
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
        set_texts(report, fields)
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
        changed = set_texts(report, fields)
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


# --- Reminders (run_periodic) ------------------------------------------------


def reminder_time():
    """From when on a working day authors are reminded of the day's report:
    the ``DAILY_REPORT_REMINDER_FROM`` setting (``"16:00"``), in the
    reports' time zone."""
    hours, minutes = settings.DAILY_REPORT_REMINDER_FROM.split(":")
    return datetime.time(int(hours), int(minutes))


def review_days():
    """After how many working days a report still waiting for its annotation
    is brought to its supervisors: ``DAILY_REPORT_REVIEW_DAYS`` (2)."""
    return settings.DAILY_REPORT_REVIEW_DAYS


def authors_to_remind(now):
    """The people whose report of today is due and not submitted yet, when
    it is time to remind them (a working day, between the reminder time and
    the deadline): active members of a department."""
    day = calendar.today(now)
    local = now.astimezone(calendar.time_zone())
    if not calendar.is_working_day(day) or not (reminder_time() <= local.time() < calendar.deadline_time()):
        return get_user_model().objects.none()
    submitted = DailyReport.objects.filter(date=day, submitted_at__isnull=False).values("author")
    reminded = ReportReminder.objects.filter(day=day, kind=ReportReminder.Kind.SUBMIT).values("recipient")
    return (
        get_user_model()
        .objects.filter(is_active=True, department__isnull=False)
        .exclude(pk__in=submitted)
        .exclude(pk__in=reminded)
        .order_by("pk")
    )


def overdue_reviews(now):
    """The submitted reports not annotated after more than
    :func:`review_days` working days, by supervisor: ``{supervisor:
    [report, ...]}`` (on working days only; nothing on a day off)."""
    day = calendar.today(now)
    if not calendar.is_working_day(day):
        return {}
    # The working days since a report's day, that day excluded, up to today.
    recent = calendar.working_days(day - datetime.timedelta(days=60), day)
    limit = review_days()
    if len(recent) <= limit:
        return {}
    latest = recent[-limit - 1]  # reports of this day or before have waited more than ``limit``
    waiting = (
        DailyReport.objects.filter(state=State.SUBMITTED, date__lt=latest)
        .select_related("author", "author__department", "author__supervisor")
        .order_by("date", "pk")
    )
    by_supervisor, supervisors = {}, {}
    for report in waiting:
        for supervisor in supervisors_of(report.author):
            supervisors[supervisor.pk] = supervisor
            by_supervisor.setdefault(supervisor.pk, []).append(report)
    reminded = set(
        ReportReminder.objects.filter(day=day, kind=ReportReminder.Kind.REVIEW).values_list(
            "recipient", flat=True
        )
    )
    return {supervisors[pk]: reports for pk, reports in by_supervisor.items() if pk not in reminded}


def _remind(recipient, day, kind, details):
    """One reminder: its row and its event (``report.remind``); ``None`` if
    another run sent it first."""
    try:
        with transaction.atomic():
            reminder = ReportReminder(
                recipient=recipient, day=day, kind=kind, count=details.get("count", 0), sent_at=timezone.now()
            )
            return records.write(
                "report.remind",
                None,
                reminder,
                target=recipient,
                details={"date": day.isoformat(), "kind": kind, "recipient": recipient.pk, **details},
            )
    except IntegrityError:
        return None


def send_reminders(now=None):
    """For ``run_periodic``: remind the authors whose report of today is not
    in yet (from :func:`reminder_time` until the deadline, on a working
    day), and the supervisors of reports waiting for an annotation more
    than :func:`review_days` working days. Each person at most once a day
    for each; each reminder one event. Returns how many went out; none when
    the ``DAILY_REPORT_REMINDERS`` setting is off."""
    from .followup import _mail

    if not settings.DAILY_REPORT_REMINDERS:
        return 0
    now = now or timezone.now()
    day = calendar.today(now)
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("registers:daily_report")
    sent = 0
    for author in authors_to_remind(now):
        if _remind(
            author, day, ReportReminder.Kind.SUBMIT, {"deadline": calendar.deadline_for(day).isoformat()}
        ):
            _mail(
                author,
                lambda: _("Your daily report of %(date)s is not submitted yet") % {"date": day.isoformat()},
                "registers/email/report_reminder.txt",
                {"kind": "submit", "day": day, "deadline": calendar.deadline_for(day), "url": link},
            )
            sent += 1
    for supervisor, reports in overdue_reviews(now).items():
        count = len(reports)
        details = {"count": count, "reports": [report.pk for report in reports]}
        if _remind(supervisor, day, ReportReminder.Kind.REVIEW, details):
            _mail(
                supervisor,
                lambda count=count: (
                    _("Daily reports waiting for your annotation: %(count)s") % {"count": count}
                ),
                "registers/email/report_reminder.txt",
                {"kind": "review", "day": day, "reports": reports, "days": review_days(), "url": None},
            )
            sent += 1
    return sent
