"""The department head's dashboard of daily reports, on the front end (a
phone shows it too): this week's grid of staff × days, the reports waiting
for their annotation and the weekly reports waiting for their signature;
for the leadership, each department's submission rate of the month.
``?week=YYYY-MM-DD`` opens another week."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .. import calendar
from ..services import dashboard, weekly


def _monday(request):
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = calendar.today()
    return calendar.week_of(day)


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
    }
    if dashboard.is_leader(user):
        context["month"] = today.replace(day=1)
        context["rates"] = dashboard.submission_rates(context["month"])
    return render(request, "registers/report_dashboard.html", context)
