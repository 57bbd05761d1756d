"""The forms of the follow-up task actions: each parses what one service
of :mod:`registers.services.followup` takes; the service checks the rest."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"})


class StartForm(forms.Form):
    pass


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    percent_done = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    problems = forms.CharField(label=_("Problems"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    measures = forms.CharField(label=_("Measures"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ExtensionForm(forms.Form):
    new_due_on = forms.DateField(label=_("New due date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideExtensionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Do not approve"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    @property
    def approve(self):
        return self.cleaned_data["decision"] == "approve"


class CompleteForm(forms.Form):
    note = forms.CharField(
        label=_("Completion note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CloseForm(forms.Form):
    opinion = forms.CharField(
        label=_("Check opinion"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReopenForm(forms.Form):
    opinion = forms.CharField(label=_("What is still to be done"), widget=forms.Textarea(attrs={"rows": 3}))
