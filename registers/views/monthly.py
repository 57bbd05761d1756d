"""This month's report on the phone (:mod:`.phone`): the four parts and
its key figures (a row each: figure, target, actual, unit), drawn as a
chart beside the text once kept. ``?month=YYYY-MM-DD`` opens the author's
report of another month. "Copy" brings last month's figures (their names,
targets and units) to fill in what was reached."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import calendar
from ..charts import figures_chart
from ..forms.reports import FigureFormSet, MonthlyReportForm
from ..models import MonthlyReport
from ..services import monthly
from .phone import PhoneReportView, phone_view

BLANK_ROWS = 2  # empty figure rows offered below those typed


def plain(number):
    """``12.00`` as ``12``, ``99.90`` as ``99.9``: a figure as it was typed."""
    return f"{number.normalize():f}"


@phone_view
class MonthlyReportView(PhoneReportView):
    model = MonthlyReport
    period_field = "month"
    form_class = MonthlyReportForm
    service = monthly
    url_name = "registers:monthly_report"
    title = _("This month's report")
    copy_label = _("Copy last month's figures")
    copy_into = "figures"
    copy_missing = _("Key figures: last month's report has no figures to copy.")
    order = 3

    def period_of(self, day):
        return day.replace(day=1)

    def period_label(self, month):
        return MonthlyReport(month=month).period_label

    def period_context(self, month, report):
        return {
            "working_day": True,
            "deadline": calendar.month_deadline(month),
            "deadline_format": "Y-m-d H:i",
        }

    def initial(self, report):
        initial = super().initial(report)
        if report:
            initial["figures"] = [
                {"name": f.name, "target": plain(f.target), "actual": plain(f.actual), "unit": f.unit}
                for f in report.figures.all()
            ]
        return initial

    def forms(self, data, report, initial=None, extra=0):
        initial = dict(self.initial(report) if initial is None else initial)
        figures = initial.pop("figures", [])
        if data is None:
            formset = FigureFormSet(initial=figures, prefix="figures")
            formset.extra = BLANK_ROWS + extra
        else:
            # Every row typed counts, even one that reads as it was kept.
            formset = FigureFormSet(data, prefix="figures")
        return [self.form_class(data, initial=initial), formset]

    def values(self, forms):
        values = super().values(forms)
        values["figures"] = [form.cleaned_data for form in forms[1].forms]
        return values

    def copy_previous(self, values, previous):
        rows = [f for f in values["figures"] if any(f.get(name) for name in ("name", "target", "actual"))]
        if not previous or not previous.figures.exists():
            raise ValidationError({"figures": self.copy_missing})
        names = {row["name"] for row in rows}
        rows += [
            {"name": f.name, "target": plain(f.target), "actual": "", "unit": f.unit}
            for f in previous.figures.all()
            if f.name not in names
        ]
        return {**values, "figures": rows}

    def context(self, forms, report, period):
        figures = list(report.figures.all()) if report else []
        return {
            "form": forms[0],
            "figures": forms[1],
            "chart": figures_chart(
                figures, _("Key figures of %(month)s") % {"month": period.strftime("%Y-%m")}
            ),
        }


this_month = MonthlyReportView.as_view()
