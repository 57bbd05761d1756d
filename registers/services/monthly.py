"""Monthly work reports (WRK-3): keep a draft, submit it — each with its
key figures. Each action is one ``records.write``: one transaction, one
revision holding the report and its figures, one trail event.

Lateness is computed (``MonthlyReport.is_late``) from the calendar and the
submission time; nobody declares it."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import records

from .. import calendar
from ..models import MonthlyReport, ReportFigure
from .reports import set_texts

State = MonthlyReport.State
TEXT_FIELDS = ("goals", "progress", "teamwork", "achievements")


def _check_month(month, now):
    if month.day != 1:
        raise ValidationError({"month": _("Month: a month starts on its first day.")})
    if month > calendar.today(now).replace(day=1):
        raise ValidationError({"month": _("Month: a report cannot be written for a future month.")})


def _number(value, row, label):
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(
            {
                "figures": _("Key figures, row %(row)s: the %(what)s is not a number.")
                % {"row": row, "what": label}
            }
        )
    return number.quantize(Decimal("0.01"))


def clean_figures(figures):
    """The key figures typed (dicts of name, target, actual, unit; empty
    rows left out) as unsaved :class:`ReportFigure` rows, in order."""
    rows = []
    for row, figure in enumerate(figures or (), start=1):
        name = (figure.get("name") or "").strip()
        unit = (figure.get("unit") or "").strip()
        target, actual = figure.get("target"), figure.get("actual")
        if not name and target in (None, "") and actual in (None, ""):
            continue
        if not name:
            raise ValidationError({"figures": _("Key figures, row %(row)s: name the figure.") % {"row": row}})
        rows.append(
            ReportFigure(
                position=len(rows),
                name=name,
                unit=unit,
                target=_number(target, row, _("target")),
                actual=_number(actual, row, _("actual")),
            )
        )
    return rows


def _own_report(author, month):
    """The author's report of ``month`` (locked), or a new one; refuses a
    second report of a month already submitted."""
    report = MonthlyReport.objects.select_for_update().filter(author=author, month=month).first()
    if report is None:
        return MonthlyReport(
            author=author, month=month, department=author.department, created_at=timezone.now()
        )
    if report.state != State.DRAFT:
        raise ValidationError(
            {
                "month": _("Month: your report of %(month)s has already been submitted.")
                % {"month": month.strftime("%Y-%m")}
            }
        )
    return report


def _save(action, report, figures):
    """Save ``report`` and, when given, replace its figures; all in the
    action's one revision (the figures follow the report)."""
    if figures is not None and report.pk is not None:
        # The draft's figures as stored, before its new state is saved.
        ReportFigure.objects.filter(report_id=report.pk).delete()
    report.save()
    if figures is not None:
        for figure in figures:
            figure.report = report
            figure.save()
    action.add(report)
    action.target = report


def save_draft(author, month, *, figures=None, **fields):
    """Keep what the author has typed so far for ``month``."""
    _check_month(month, timezone.now())
    rows = None if figures is None else clean_figures(figures)
    with records.writing("report.monthly_draft", author, details={"month": month.isoformat()}) as action:
        report = _own_report(author, month)
        set_texts(report, fields, TEXT_FIELDS)
        _save(action, report, rows)
    return report


def submit(author, month, *, figures=None, **fields):
    """Submit the author's report of ``month`` (their draft, with ``fields``
    and ``figures`` typed over it). Refused for a future month, a month
    already reported and a report without its goals and attainment."""
    now = timezone.now()
    _check_month(month, now)
    rows = None if figures is None else clean_figures(figures)
    with records.writing("report.monthly_submit", author) as action:
        report = _own_report(author, month)
        set_texts(report, fields, TEXT_FIELDS)
        if not report.goals:
            raise ValidationError(
                {
                    "goals": _(
                        "Goals and attainment: say what the month's goals were and how far they were met."
                    )
                }
            )
        report.state, report.submitted_at = State.SUBMITTED, now
        _save(action, report, rows)
        action.details.update(
            {
                "month": month.isoformat(),
                "late": report.is_late,
                "deadline": report.deadline.isoformat(),
                "figures": _figures_of(report),
            }
        )
    return report


def _figures_of(report):
    return [
        {"name": f.name, "target": str(f.target), "actual": str(f.actual), "unit": f.unit}
        for f in report.figures.all()
    ]


def edit(report, author, *, figures=None, **fields):
    """Change a submitted report: a new version holding the report and its
    figures, which its readers compare with the one submitted. A submitted
    figure is corrected in place or new ones are added; none is taken away.
    Its submission time (and lateness) stay."""
    from django.core.exceptions import PermissionDenied

    if author.pk != report.author_id:
        raise PermissionDenied(_("Only the report's author changes it."))
    rows = None if figures is None else clean_figures(figures)
    with records.writing("report.monthly_edit", author, target=report) as action:
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if report.state == State.DRAFT:
            raise ValidationError({"state": _("State: this report is a draft; submit it first.")})
        changed = set_texts(report, fields, TEXT_FIELDS)
        if not report.goals:
            raise ValidationError(
                {
                    "goals": _(
                        "Goals and attainment: say what the month's goals were and how far they were met."
                    )
                }
            )
        kept = list(report.figures.all())
        if rows is not None:
            if len(rows) < len(kept):
                raise ValidationError(
                    {
                        "figures": _(
                            "Key figures: a submitted figure cannot be taken away; "
                            "correct its values instead."
                        )
                    }
                )
            for old, new in zip(kept, rows, strict=False):
                values = ("name", "unit", "target", "actual")
                if any(getattr(old, name) != getattr(new, name) for name in values):
                    for name in values:
                        setattr(old, name, getattr(new, name))
                    old.save()
                    changed.append("figures")
            for new in rows[len(kept) :]:
                new.report = report
                new.save()
                changed.append("figures")
        if not changed:
            raise ValidationError(_("The report is unchanged."))
        report.edited_at = timezone.now()
        report.save()
        action.add(report)
        action.target = report
        action.details.update(
            {
                "month": report.month.isoformat(),
                "fields": sorted(set(changed)),
                "figures": _figures_of(report),
            }
        )
    return report


# --- The department's monthly report -------------------------------------------


def is_head(user, department):
    return user.is_active and department.heads.filter(pk=user.pk).exists()


def is_leadership(user):
    from portal.access.subjects import roles_of
    from portal.accounts.roles import Role

    return user.is_authenticated and user.is_active and Role.LEADERSHIP in roles_of(user)


def staff_reports(department, month):
    """The department's submitted monthly reports of ``month`` (their
    figures are summed by :func:`aggregate`, in the database)."""
    return (
        MonthlyReport.objects.filter(department=department, month=month, submitted_at__isnull=False)
        .select_related("author")
        .order_by("author__pk")
    )


def aggregate(reports):
    """The key figures of ``reports`` summed by (name, unit): ``[{name,
    unit, target, actual, count}]`` (numbers as strings, to the cent), by
    name. Summed in the database: one query, whatever the number of
    reports."""
    from django.db.models import Count, Sum

    ids = [report.pk for report in reports if report.pk is not None]
    if not ids:
        return []
    rows = (
        ReportFigure.objects.filter(report_id__in=ids)
        .order_by()
        .values("name", "unit")
        .annotate(target_sum=Sum("target"), actual_sum=Sum("actual"), count=Count("pk"))
    )
    cent = Decimal("0.01")
    return [
        {
            "name": row["name"],
            "unit": row["unit"],
            "target": str(Decimal(row["target_sum"]).quantize(cent)),
            "actual": str(Decimal(row["actual_sum"]).quantize(cent)),
            "count": row["count"],
        }
        # Sorted here, not by the database's collation: by code point, as ever.
        for row in sorted(rows, key=lambda row: (row["name"], row["unit"]))
    ]


def excerpts(reports):
    """The staff's texts, field by field, each under its author's name."""
    return {
        name: "\n\n".join(
            f"{report.author}：{getattr(report, name)}" for report in reports if getattr(report, name)
        )
        for name in TEXT_FIELDS
    }


def compose(head, department, month):
    """The head's draft of the department's report of ``month``, composed
    from the staff's submitted reports (figures summed, texts pulled in);
    composing again refreshes a draft."""
    from django.core.exceptions import PermissionDenied

    from ..models import DepartmentMonthlyReport

    if not is_head(head, department):
        raise PermissionDenied(_("Only the department's head composes its monthly report."))
    _check_month(month, timezone.now())
    with records.writing(
        "report.department_monthly_compose", head, details={"month": month.isoformat()}
    ) as action:
        report = (
            DepartmentMonthlyReport.objects.select_for_update()
            .filter(department=department, month=month)
            .first()
        )
        if report is None:
            report = DepartmentMonthlyReport(department=department, month=month, created_at=timezone.now())
        elif report.state != DepartmentMonthlyReport.State.DRAFT:
            raise ValidationError(
                {
                    "month": _("Month: the department's report of %(month)s has already been submitted.")
                    % {"month": month.strftime("%Y-%m")}
                }
            )
        reports = list(staff_reports(department, month))
        report.author = head
        report.figures, report.staff_reports = aggregate(reports), len(reports)
        for name, text in excerpts(reports).items():
            setattr(report, name, text)
        action.save(report)
        action.target = report
        action.details.update({"staff_reports": len(reports), "figures": report.figures})
    return report


def submit_department(report, head, **fields):
    """Submit the department's report (with the head's edits of its texts)
    to the leadership."""
    from django.core.exceptions import PermissionDenied

    from ..models import DepartmentMonthlyReport

    if not is_head(head, report.department):
        raise PermissionDenied(_("Only the department's head submits its monthly report."))
    with records.writing("report.department_monthly_submit", head, target=report) as action:
        report = DepartmentMonthlyReport.objects.select_for_update().get(pk=report.pk)
        if report.state != DepartmentMonthlyReport.State.DRAFT:
            raise ValidationError({"state": _("State: this report has already been submitted.")})
        set_texts(report, fields, TEXT_FIELDS)
        if not report.goals:
            raise ValidationError(
                {
                    "goals": _(
                        "Goals and attainment: say what the month's goals were and how far they were met."
                    )
                }
            )
        report.state, report.submitted_at = DepartmentMonthlyReport.State.SUBMITTED, timezone.now()
        action.save(report)
        action.details.update({"month": report.month.isoformat(), "late": report.is_late})
    return report


def comment(report, leader, text):
    """The leadership's comment on a submitted department report."""
    from django.core.exceptions import PermissionDenied

    from ..models import DepartmentMonthlyReport

    if not is_leadership(leader):
        raise PermissionDenied(_("Only the leadership comments on a department's monthly report."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"comment": _("Comment: write the comment.")})
    with records.writing("report.department_monthly_comment", leader, target=report) as action:
        report = DepartmentMonthlyReport.objects.select_for_update().get(pk=report.pk)
        if report.state == DepartmentMonthlyReport.State.DRAFT:
            raise ValidationError(
                {"state": _("State: this report is a draft; it is commented once submitted.")}
            )
        report.comment, report.commented_by, report.commented_at = text, leader, timezone.now()
        report.state = DepartmentMonthlyReport.State.COMMENTED
        action.save(report)
        action.details.update({"month": report.month.isoformat(), "text": text})
    return report
