from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.access.forms.requests import date_input
from portal.accounts.models import Department
from portal.accounts.roles import Role
from portal.direction import refuse_direction_controls

from ..models import Circulation
from ..services.circulation import expand_recipients

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user} · {user.department}" if user.department else str(user)


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, group):
        return Role(group.name).label


class CirculateForm(forms.Form):
    """Who receives the record (people, departments, roles), how and by when."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Circulation.Kind.choices,
        initial=Circulation.Kind.READ,
        widget=forms.RadioSelect,
    )
    users = UserChoiceField(
        label=_("People"),
        queryset=get_user_model().objects.filter(is_active=True).select_related("department"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every member and head of the department."),
    )
    roles = RoleChoiceField(
        label=_("Roles"),
        queryset=Group.objects.filter(name__in=[r.group_name for r in Role if r != Role.EXTERNAL_AUDITOR]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone who holds the role."),
    )
    instruction = forms.CharField(
        label=_("Instruction"),
        required=False,
        validators=[refuse_direction_controls],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the readers are to do, e.g. read and comment by the deadline."),
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        help_text=_("Optional. Readers who have not read the record by then are reminded."),
    )

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline is not None and deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline

    def clean(self):
        cleaned = super().clean()
        users, departments, roles = (cleaned.get(name) or [] for name in ("users", "departments", "roles"))
        if not (users or departments or roles):
            raise forms.ValidationError(_("Choose at least one person, department or role."))
        cleaned["recipients"] = expand_recipients(users, departments, roles)
        if not cleaned["recipients"]:
            raise forms.ValidationError(_("Nobody active belongs to the departments or roles chosen."))
        return cleaned


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Your comment"),
        validators=[refuse_direction_controls],
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PaperSignatureForm(forms.Form):
    signed_by = forms.CharField(
        label=_("Signed by"),
        max_length=100,
        help_text=_("The name as written on the paper slip."),
        validators=[refuse_direction_controls],
    )
    signed_on = forms.DateField(label=_("Date of signing"), widget=date_input())

    def __init__(self, *args, receipt=None, **kwargs):
        super().__init__(*args, **kwargs)
        if receipt is not None:
            self.fields["signed_by"].initial = receipt.paper_signed_by or str(receipt.recipient)
            self.fields["signed_on"].initial = receipt.paper_signed_on or timezone.localdate()
