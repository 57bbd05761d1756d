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
