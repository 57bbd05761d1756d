"""The department monthly report on the front end (WRK-3). The head
composes it from the staff's monthly reports (figures summed, texts pulled
in), edits the texts and submits it to the leadership, who comment on it;
its figures are shown as a table and a chart beside the text. The
leadership also see every department's report of a month beside the
department's daily-report submission rate.

``?month=YYYY-MM`` (default: last month) and ``?department=<pk>``
(default: the department the user heads). Who opens a report is the access
rule's answer; the head of the department and the leadership open the page
before there is one."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from portal.access import rules
from portal.access.rules import Action
from portal.accounts.models import Department

from .. import calendar
from ..charts import figures_chart
from ..forms.department_reports import ComposeForm, DepartmentMonthlyReportForm, LeadershipCommentForm
from ..models import DepartmentMonthlyReport, MonthlyReport
from ..services import dashboard, monthly

State = DepartmentMonthlyReport.State
FIELDS = monthly.TEXT_FIELDS


def last_month(today=None):
    return ((today or calendar.today()).replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _month(request):
    try:
        return datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return last_month()


def report_url(department, month):
    query = urlencode({"month": month.strftime("%Y-%m"), "department": department.pk})
    return f"{reverse('registers:department_monthly_report')}?{query}"


def headed_by(user):
    """The departments ``user`` heads themself, in the usual order."""
    return Department.objects.filter(heads=user).order_by("sort_order", "pk")


def staff_rows(department, month, now=None):
    """Each active member of ``department`` with their monthly report of
    ``month`` and what it says: submitted on time, late, a draft only, or
    none (missing once the month's deadline has passed)."""
    deadline_passed = calendar.month_deadline(month) < (now or timezone.now())
    reports = {
        report.author_id: report
        for report in MonthlyReport.objects.filter(department=department, month=month).only(
            "pk", "author_id", "month", "state", "submitted_at"
        )
    }
    people = (
        get_user_model().objects.filter(department=department, is_active=True).order_by("display_name", "pk")
    )
    rows = []
    for person in people:
        report = reports.get(person.pk)
        if report is not None and report.submitted_at is not None:
            status = ("late", _("Late")) if report.is_late else ("on_time", _("On time"))
        elif deadline_passed:
            status = ("missing", _("Missing"))
        elif report is not None:
            status = ("draft", _("Draft kept, not submitted"))
        else:
            status = ("not_due", _("Not submitted yet"))
        rows.append({"person": person, "report": report, "status": status[0], "label": status[1]})
    return rows


def _may_open(user, department, report):
    return (
        monthly.is_head(user, department)
        or monthly.is_leadership(user)
        or (report is not None and rules.can(user, Action.VIEW, report))
    )


@login_required
def department_report(request):
    user = request.user
    month = _month(request)
    if request.GET.get("department"):
        try:
            department = get_object_or_404(Department, pk=int(request.GET["department"]))
        except ValueError:
            raise PermissionDenied from None
    else:
        department = headed_by(user).first()
        if department is None:
            if monthly.is_leadership(user):
                return redirect("registers:department_monthly_reports")
            raise PermissionDenied
    report = (
        DepartmentMonthlyReport.objects.filter(department=department, month=month)
        .select_related("author", "commented_by", "department")
        .first()
    )
    if not _may_open(user, department, report):
        raise PermissionDenied
    forms = {
        "compose_form": ComposeForm(),
        "form": DepartmentMonthlyReportForm(
            initial={name: getattr(report, name) for name in FIELDS} if report else {}
        ),
        "comment_form": LeadershipCommentForm(),
    }
    if request.method == "POST":
        done = _act(request, department, month, report, forms)
        if done:
            return redirect(report_url(department, month))
    return _render(request, department, month, report, forms)


def _act(request, department, month, report, forms):
    """Carry out the action posted; a refusal goes beside its field (the
    service has saved nothing). True when done."""
    user, post = request.user, request.POST
    try:
        if "compose" in post:
            form = forms["compose_form"] = ComposeForm(post)
            form.is_valid()
            monthly.compose(user, department, month)
            messages.success(request, _("The report has been composed from the staff's monthly reports."))
        elif "submit" in post:
            form = forms["form"] = DepartmentMonthlyReportForm(post)
            form.is_valid()
            if report is None:
                raise ValidationError(_("Compose the report from the staff's reports before submitting it."))
            monthly.submit_department(report, user, **{name: form.cleaned_data[name] for name in FIELDS})
            messages.success(request, _("The report has been submitted to the leadership."))
        elif "record_comment" in post:
            form = forms["comment_form"] = LeadershipCommentForm(post)
            form.is_valid()
            if report is None:
                raise ValidationError(_("There is no report of this month to comment on."))
            monthly.comment(report, user, form.cleaned_data["comment"])
            messages.success(request, _("Your comment on the report has been recorded."))
        else:
            return False
    except PermissionDenied as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        form.add_service_error(error)
    else:
        return True
    return False


def _render(request, department, month, report, forms):
    user = request.user
    is_head = monthly.is_head(user, department)
    draft = report is None or report.state == State.DRAFT
    context = {
        **forms,
        "department": department,
        "month": month,
        "report": report,
        "is_head": is_head,
        "is_leader": monthly.is_leadership(user),
        "draft": draft,
        # A draft is the head's work in progress; the others read it once submitted.
        "show_texts": report is not None and (not draft or is_head),
        "chart": figures_chart(report.figures, str(report)) if report else "",
        "staff": staff_rows(department, month) if is_head or monthly.is_leadership(user) else [],
        "deadline": calendar.department_month_deadline(month),
        "previous_month": last_month(month),
        "next_month": (month + datetime.timedelta(days=32)).replace(day=1),
    }
    return render(request, "registers/department_monthly_report.html", context)


@login_required
def department_reports(request):
    """The leadership's overview of one month: each department's report
    (state, submitted at, late, commented) beside its submission rate."""
    if not monthly.is_leadership(request.user):
        raise PermissionDenied
    month = _month(request)
    reports = {
        r.department_id: r
        for r in DepartmentMonthlyReport.objects.filter(month=month).select_related("commented_by")
    }
    rates = {rate.department.pk: rate for rate in dashboard.submission_rates(month)}
    rows = [
        {
            "department": department,
            "report": reports.get(department.pk),
            "rate": rates.get(department.pk),
            "url": report_url(department, month),
        }
        for department in Department.objects.order_by("sort_order", "pk")
        if department.pk in reports or department.pk in rates
    ]
    return render(
        request,
        "registers/department_monthly_reports.html",
        {
            "month": month,
            "rows": rows,
            "previous_month": last_month(month),
            "next_month": (month + datetime.timedelta(days=32)).replace(day=1),
        },
    )
