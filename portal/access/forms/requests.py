import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.accounts.models import Department
from portal.direction import refuse_direction_controls

from ..levels import Level

DEFAULT_DAYS = 7


def date_input():
    # The browser's date picker needs ISO dates whatever the language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def end_of_day(day):
    return start_of_day(day + datetime.timedelta(days=1))


class PeriodForm(forms.Form):
    starts_on = forms.DateField(label=pgettext_lazy("period", "From"), widget=date_input())
    ends_on = forms.DateField(
        label=_("Until"),
        widget=date_input(),
        help_text=_("The grant ends at the end of this day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today + datetime.timedelta(days=DEFAULT_DAYS)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on:
            if ends_on < starts_on:
                raise forms.ValidationError(_("The end of the period must come after its start."))
            if (ends_on - starts_on).days >= settings.ACCESS_GRANT_MAX_DAYS:
                raise forms.ValidationError(
                    _("A grant lasts at most %(days)s days.") % {"days": settings.ACCESS_GRANT_MAX_DAYS}
                )
            cleaned["starts_at"], cleaned["ends_at"] = start_of_day(starts_on), end_of_day(ends_on)
        return cleaned


class AccessRequestForm(PeriodForm):
    """查阅申请: for one record (named in the address) or for a department's
    records up to a level."""

    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())
    max_level = forms.TypedChoiceField(
        label=_("Up to level"), choices=Level.choices, coerce=int, initial=Level.INTERNAL
    )
    reason = forms.CharField(
        label=_("Reason"),
        validators=[refuse_direction_controls],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you need the records for; the approver reads this."),
    )
    field_order = ["department", "max_level", "reason", "starts_on", "ends_on"]

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        if record is not None:
            del self.fields["department"]
            del self.fields["max_level"]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Agree")), ("refuse", _("Disagree"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label=_("Approval opinion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[refuse_direction_controls],
    )
    ends_on = forms.DateField(
        label=_("Grant until"),
        required=False,
        widget=date_input(),
        help_text=_("Leave empty to grant the whole period asked for; a shorter period is allowed."),
    )

    @property
    def approve(self):
        return self.cleaned_data["decision"] == "approve"

    @property
    def ends_at(self):
        ends_on = self.cleaned_data.get("ends_on")
        return end_of_day(ends_on) if ends_on else None


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[refuse_direction_controls],
    )
