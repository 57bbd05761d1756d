"""Today's daily report on the phone (:mod:`.phone`). ``?date=YYYY-MM-DD``
opens the author's report of another day (a late one, or one annotated),
with its thread of annotations and replies."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import calendar
from ..forms.reports import DailyReportForm
from ..models import DailyReport
from ..services import reports
from .phone import PhoneReportView, phone_view


def report_url(day):
    return f"{reverse('registers:daily_report')}?date={day.isoformat()}"


@phone_view
class DailyReportView(PhoneReportView):
    model = DailyReport
    period_field = "date"
    form_class = DailyReportForm
    service = reports
    url_name = "registers:daily_report"
    title = _("Today's daily report")
    copy_label = _("Copy yesterday's plan")
    copy_into = "work_done"
    copy_missing = _("Work done: there is no earlier plan to copy.")
    order = 1

    def period_context(self, day, report):
        working_day = calendar.is_working_day(day)
        return {
            "working_day": working_day,
            "deadline": calendar.deadline_for(day),
            "deadline_format": "H:i",
            "comments": report.comments.select_related("author") if report else [],
        }

    def forms(self, data, report, initial=None, extra=0):
        (form,) = super().forms(data, report, initial)
        if calendar.is_working_day(self.period(self.request)):
            # On a working day no reason is asked for.
            form.fields.pop("non_working_reason")
        return [form]

    def values(self, forms):
        values = super().values(forms)
        values.setdefault("non_working_reason", "")
        return values


today = DailyReportView.as_view()
