"""Weekly work reports (WRK-2): keep a draft, submit it, edit it after
submission (a new version), and the supervisor's sign-off (签阅). Each
action is one ``records.write``: one transaction, one version, one trail
event. A signed report never changes: the services refuse it, and the
database refuses an UPDATE or DELETE of its row
(:data:`registers.triggers.SIGNED_WEEKLY_REPORTS`).

Lateness is computed (``WeeklyReport.is_late``) from the calendar and the
submission time; nobody declares it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import records
from portal.accounts.supervisors import supervised_among, supervises

from .. import calendar
from ..models import WeeklyReport
from .reports import set_texts

State = WeeklyReport.State
TEXT_FIELDS = ("summary", "problems", "plan", "improvements")


def _check_week(week, now):
    if week != calendar.week_of(week):
        raise ValidationError({"week": _("Week: a week starts on a Monday.")})
    if week > calendar.week_of(calendar.today(now)):
        raise ValidationError({"week": _("Week: a report cannot be written for a future week.")})


def _own_report(author, week):
    """The author's report of ``week`` (locked), or a new one; refuses a
    second report of a week already submitted."""
    report = WeeklyReport.objects.select_for_update().filter(author=author, week=week).first()
    if report is None:
        return WeeklyReport(author=author, week=week, department=author.department, created_at=timezone.now())
    if report.state != State.DRAFT:
        raise ValidationError(
            {
                "week": _(
                    "Week: your report of the week of %(week)s has already been submitted; edit it instead."
                )
                % {"week": week.isoformat()}
            }
        )
    return report


def save_draft(author, week, **fields):
    """Keep what the author has typed so far for ``week``."""
    _check_week(week, timezone.now())
    with records.writing("report.weekly_draft", author, details={"week": week.isoformat()}) as action:
        report = _own_report(author, week)
        set_texts(report, fields, TEXT_FIELDS)
        action.save(report)
        action.target = report
    return report


def submit(author, week, **fields):
    """Submit the author's report of ``week`` (their draft, with ``fields``
    typed over it). Refused for a future week, a week already reported and
    a report without a summary."""
    now = timezone.now()
    _check_week(week, now)
    with records.writing("report.weekly_submit", author) as action:
        report = _own_report(author, week)
        set_texts(report, fields, TEXT_FIELDS)
        if not report.summary:
            raise ValidationError({"summary": _("Summary of the week: say what you did this week.")})
        report.state, report.submitted_at = State.SUBMITTED, now
        action.save(report)
        action.target = report
        action.details.update(
            {"week": week.isoformat(), "late": report.is_late, "deadline": report.deadline.isoformat()}
        )
    return report


def _refuse_signed(report):
    if report.state == State.SIGNED:
        raise ValidationError(
            {"state": _("State: this weekly report has been signed and can no longer change.")}
        )


def edit(report, author, **fields):
    """Change a submitted report: a new version. Refused once signed."""
    if author.pk != report.author_id:
        raise PermissionDenied(_("Only the report's author changes it."))
    with records.writing("report.weekly_edit", author, target=report) as action:
        report = WeeklyReport.objects.select_for_update().get(pk=report.pk)
        _refuse_signed(report)
        if report.state == State.DRAFT:
            raise ValidationError({"state": _("State: this report is a draft; submit it first.")})
        changed = set_texts(report, fields, TEXT_FIELDS)
        if not changed:
            raise ValidationError(_("The report is unchanged."))
        if not report.summary:
            raise ValidationError({"summary": _("Summary of the week: say what you did this week.")})
        report.edited_at = timezone.now()
        action.save(report)
        action.target = report
        action.details.update({"week": report.week.isoformat(), "fields": changed})
    return report


def may_sign(user, report):
    return report.state == State.SUBMITTED and supervises(user, report.author)


def sign(report, supervisor):
    """The supervisor's explicit sign-off (签阅), with its time: from then
    on the report never changes."""
    if not supervises(supervisor, report.author):
        raise PermissionDenied(_("Only the author's supervisor signs a weekly report."))
    with records.writing("report.weekly_sign", supervisor, target=report) as action:
        report = WeeklyReport.objects.select_for_update().get(pk=report.pk)
        _refuse_signed(report)
        if report.state != State.SUBMITTED:
            raise ValidationError({"state": _("State: this report is a draft; it is signed once submitted.")})
        report.state, report.signed_by, report.signed_at = State.SIGNED, supervisor, timezone.now()
        action.save(report)
        action.details.update({"week": report.week.isoformat(), "author": str(report.author)})
    return report


def to_sign(user):
    """The submitted, unsigned weekly reports of the people ``user``
    supervises, oldest week first (at most 200), in a fixed number of
    queries however many wait."""
    from portal.access import rules
    from portal.access.rules import Action

    candidates = (
        WeeklyReport.objects.filter(rules.filter_for(user, Action.LIST, WeeklyReport), state=State.SUBMITTED)
        .select_related("author")
        .order_by("week", "author")
    )
    candidates = list(candidates[:200])
    supervised = supervised_among(user, [report.author for report in candidates])
    return [report for report in candidates if report.author_id in supervised]
