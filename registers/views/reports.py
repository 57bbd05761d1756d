"""Today's daily report on the front end, made for a phone: keep a draft,
copy yesterday's plan into today's work, submit with one tap; after
submission the same form edits it (a new version). ``?date=YYYY-MM-DD``
opens the author's report of another day (a late one, or one annotated)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import calendar
from ..forms.reports import DailyReportForm
from ..models import DailyReport
from ..services import reports

FIELDS = ("work_done", "results", "problems", "plan")


def previous_plan(author, day):
    """The plan of the author's latest submitted report before ``day``."""
    report = (
        DailyReport.objects.filter(author=author, date__lt=day, submitted_at__isnull=False)
        .order_by("-date")
        .first()
    )
    return report.plan if report else ""


def _day(request):
    try:
        return datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return calendar.today()


def report_url(day):
    return f"{reverse('registers:daily_report')}?date={day.isoformat()}"


@login_required
def today(request):
    day = _day(request)
    report = DailyReport.objects.filter(author=request.user, date=day).first()
    initial = {name: getattr(report, name) for name in (*FIELDS, "non_working_reason")} if report else {}
    form = DailyReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        texts = {name: data[name] for name in FIELDS}
        reason = data["non_working_reason"]
        try:
            if "copy_plan" in request.POST:
                plan = previous_plan(request.user, day)
                if not plan:
                    raise ValidationError({"work_done": _("Work done: there is no earlier plan to copy.")})
                texts["work_done"] = "\n".join(filter(None, (texts["work_done"], plan)))
                form = DailyReportForm(initial={**texts, "non_working_reason": reason})
                return _render(request, form, report, day)
            if report is not None and report.state != DailyReport.State.DRAFT:
                reports.edit(report, request.user, non_working_reason=reason, **texts)
                messages.success(request, _("Your report has been changed."))
            elif "submit" in request.POST:
                reports.submit(request.user, day, non_working_reason=reason, **texts)
                messages.success(request, _("Your report has been submitted."))
            else:
                reports.save_draft(request.user, day, non_working_reason=reason, **texts)
                messages.success(request, _("Your draft has been kept."))
        except ValidationError as error:
            form.add_service_error(error)
            return _render(request, form, report, day)
        return redirect(report_url(day))
    return _render(request, form, report, day)


def _render(request, form, report, day):
    return render(
        request,
        "registers/daily_report.html",
        {
            "form": form,
            "report": report,
            "day": day,
            "working_day": calendar.is_working_day(day),
            "deadline": calendar.deadline_for(day),
            "comments": report.comments.select_related("author") if report else [],
        },
    )
