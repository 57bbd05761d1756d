"""The department head's monthly report on the front end: its four texts
(pulled in from the staff's reports, edited before submission), and the
leadership's comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .reports import DailyReportForm, _text


class DepartmentMonthlyReportForm(forms.Form):
    """The head's edits of the composed texts."""

    goals = _text(_("Goals and attainment"), rows=6)
    progress = _text(_("Key progress"), rows=5)
    teamwork = _text(_("Teamwork"), rows=4)
    achievements = _text(_("Achievements and shortcomings"), rows=5)

    add_service_error = DailyReportForm.add_service_error


class ComposeForm(forms.Form):
    """Composing has no field: the form carries a refusal to show."""

    add_service_error = DailyReportForm.add_service_error


class LeadershipCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Leadership's comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    add_service_error = DailyReportForm.add_service_error
