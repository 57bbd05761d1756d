"""The company's working days in the admin, for the administration office:
the State Council's holidays and adjusted working weekends (调休) of a year
beside the company's own days, and a form that sets a company day through
:func:`registers.services.reports.set_working_day` (one trail event)."""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from .. import calendar
from ..models import WorkingDayOverride
from ..services import reports as service


class WorkingDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    is_working = forms.TypedChoiceField(
        label=_("The company's day"),
        choices=[("1", _("Working day")), ("0", _("Day off"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


def _year(request):
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return calendar.today().year


def working_days(request):
    if not service.may_keep_calendar(request.user):
        raise PermissionDenied
    year = _year(request)
    form = WorkingDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.set_working_day(data["date"], data["is_working"], request.user, reason=data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason", error.messages))
        else:
            messages.success(request, _("The company's day has been set."))
            return redirect(f"{request.path}?year={data['date'].year}")
    overrides = WorkingDayOverride.objects.filter(
        date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    ).select_related("created_by")
    return TemplateResponse(
        request,
        "registers/admin/working_days.html",
        {
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "official": calendar.official_days(year),
            "overrides": overrides,
            "form": form,
        },
    )
