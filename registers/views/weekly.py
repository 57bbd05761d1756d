"""This week's report on the phone (:mod:`.phone`), beside the daily one;
it changes until its supervisor signs it. ``?week=YYYY-MM-DD`` opens the
author's report of another week. The supervisor signs the reports of the
people they supervise on a page of their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import calendar
from ..forms.reports import WeeklyReportForm
from ..models import WeeklyReport
from ..services import weekly
from .phone import PhoneReportView, phone_view


@phone_view
class WeeklyReportView(PhoneReportView):
    model = WeeklyReport
    period_field = "week"
    form_class = WeeklyReportForm
    service = weekly
    url_name = "registers:weekly_report"
    title = gettext_lazy("This week's report")
    copy_label = gettext_lazy("Copy last week's plan")
    copy_into = "summary"
    copy_missing = gettext_lazy("Summary of the week: there is no earlier plan to copy.")
    order = 2

    def period_of(self, day):
        return calendar.week_of(day)

    def period_label(self, week):
        return WeeklyReport(week=week).period_label

    def period_context(self, week, report):
        return {
            "working_day": True,
            "deadline": calendar.week_deadline(week),
            "deadline_format": "Y-m-d H:i",
        }

    def may_change(self, report):
        return report.state != WeeklyReport.State.SIGNED


this_week = WeeklyReportView.as_view()


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
