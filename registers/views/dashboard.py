"""The department head's dashboard of daily reports, on the front end (a
phone shows it too): this week's grid of staff × days, the reports waiting
for their annotation and the weekly reports waiting for their signature;
the month's key figures of each department they head, summed from the
staff's monthly reports, with their chart; for the leadership, each
department's submission rate of the month. ``?week=YYYY-MM-DD`` opens another week."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import calendar
from ..charts import figures_chart
from ..services import dashboard, weekly
from .department_reports import report_url


def _monday(request):
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = calendar.today()
    return calendar.week_of(day)


def _figures_title(section):
    return _("Key figures of %(department)s, %(month)s") % {
        "department": section.department.name,
        "month": section.month.strftime("%Y-%m"),
    }


@login_required
def team(request):
    user = request.user
    if not dashboard.may_see_grid(user):
        raise PermissionDenied
    monday = _monday(request)
    days, working, rows = dashboard.week_grid(user, monday)
    today = calendar.today()
    context = {
        "monday": monday,
        "previous_week": monday - datetime.timedelta(days=7),
        "next_week": monday + datetime.timedelta(days=7),
        "days": list(zip(days, working, strict=True)),
        "rows": rows,
        "to_review": dashboard.awaiting_review(user),
        "to_sign": weekly.to_sign(user),
        "month_figures": [
            {
                "section": section,
                "chart": figures_chart(section.figures, _figures_title(section)),
                "url": report_url(section.department, section.month),
            }
            for section in dashboard.month_figures(user, today)
        ],
    }
    if dashboard.is_leader(user):
        context["month"] = today.replace(day=1)
        context["rates"] = dashboard.submission_rates(context["month"])
    return render(request, "registers/report_dashboard.html", context)
