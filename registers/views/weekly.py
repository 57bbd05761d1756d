"""This week's report on the front end, made for a phone, beside the daily
one: keep a draft, copy last week's plan, submit with one tap; after
submission the same form edits it (a new version) until it is signed.
``?week=YYYY-MM-DD`` opens the author's report of another week. The
supervisor signs the reports of the people they supervise on a page of
their own."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import calendar
from ..forms.reports import WeeklyReportForm
from ..models import WeeklyReport
from ..services import weekly

FIELDS = weekly.TEXT_FIELDS


def previous_plan(author, week):
    """Next week's plan of the author's latest submitted report before ``week``."""
    report = (
        WeeklyReport.objects.filter(author=author, week__lt=week, submitted_at__isnull=False)
        .order_by("-week")
        .first()
    )
    return report.plan if report else ""


def _week(request):
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = calendar.today()
    return calendar.week_of(day)


def report_url(week):
    return f"{reverse('registers:weekly_report')}?week={week.isoformat()}"


@login_required
def this_week(request):
    week = _week(request)
    report = WeeklyReport.objects.filter(author=request.user, week=week).first()
    initial = {name: getattr(report, name) for name in FIELDS} if report else {}
    form = WeeklyReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        texts = {name: form.cleaned_data[name] for name in FIELDS}
        try:
            if "copy_plan" in request.POST:
                plan = previous_plan(request.user, week)
                if not plan:
                    raise ValidationError(
                        {"summary": _("Summary of the week: there is no earlier plan to copy.")}
                    )
                texts["summary"] = "\n".join(filter(None, (texts["summary"], plan)))
                return _render(request, WeeklyReportForm(initial=texts), report, week)
            if report is not None and report.state != WeeklyReport.State.DRAFT:
                weekly.edit(report, request.user, **texts)
                messages.success(request, _("Your report has been changed."))
            elif "submit" in request.POST:
                weekly.submit(request.user, week, **texts)
                messages.success(request, _("Your report has been submitted."))
            else:
                weekly.save_draft(request.user, week, **texts)
                messages.success(request, _("Your draft has been kept."))
        except ValidationError as error:
            form.add_service_error(error)
            return _render(request, form, report, week)
        return redirect(report_url(week))
    return _render(request, form, report, week)


def _render(request, form, report, week):
    return render(
        request,
        "registers/weekly_report.html",
        {
            "form": form,
            "report": report,
            "week": week,
            "week_end": week + datetime.timedelta(days=6),
            "deadline": calendar.week_deadline(week),
            "signed": report is not None and report.state == WeeklyReport.State.SIGNED,
        },
    )


@login_required
def to_sign(request):
    """The weekly reports waiting for the signature of ``request.user``."""
    return render(request, "registers/weekly_reports_to_sign.html", {"reports": weekly.to_sign(request.user)})


@login_required
@require_POST
def sign(request, pk):
    report = get_object_or_404(WeeklyReport, pk=pk)
    try:
        weekly.sign(report, request.user)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Only the author's supervisor signs a weekly report."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The weekly report of %(author)s has been signed.") % {"author": report.author}
        )
    return redirect("registers:weekly_reports_to_sign")
