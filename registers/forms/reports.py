from django import forms
from django.utils.translation import gettext_lazy as _


def _text(label, rows=3, required=False):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class DailyReportForm(forms.Form):
    """Today's report on the phone: the four parts, and the reason when the
    day is not a working day."""

    work_done = _text(_("Work done"), rows=5)
    results = _text(_("Results"))
    problems = _text(_("Problems and how they were solved"))
    plan = _text(_("Plan for tomorrow"))
    non_working_reason = forms.CharField(label=_("Reason for reporting on a non-working day"), required=False)

    def add_service_error(self, error):
        """Put a service's refusal beside the field it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class ThreadForm(forms.Form):
    """The supervisor's annotation, or the author's reply."""

    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class WeeklyReportForm(forms.Form):
    """This week's report on the phone: the four parts."""

    summary = _text(_("Summary of the week"), rows=5)
    problems = _text(_("Problems and causes"))
    plan = _text(_("Plan for next week"))
    improvements = _text(_("Improvements"))

    add_service_error = DailyReportForm.add_service_error


class MonthlyReportForm(forms.Form):
    """This month's report on the phone: the four parts; its key figures
    are the rows of :data:`FigureFormSet`."""

    goals = _text(_("Goals and attainment"), rows=5)
    progress = _text(_("Key progress"))
    teamwork = _text(_("Teamwork"))
    achievements = _text(_("Achievements and shortcomings"))

    add_service_error = DailyReportForm.add_service_error


class FigureForm(forms.Form):
    """One key figure: its name, target, what was reached, and the unit.
    The numbers are checked by the service, which names the row."""

    name = forms.CharField(label=_("Figure"), required=False, max_length=100)
    target = forms.CharField(
        label=_("Target"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    actual = forms.CharField(
        label=_("Actual"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=20)


FigureFormSet = forms.formset_factory(FigureForm, extra=0)
