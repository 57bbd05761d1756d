from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .backends import REFUSED_LOCKED


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is wrong. Note that both may be case-sensitive."),
        "locked": _(
            "Too many failed sign-ins for this user name. Sign-in is locked for "
            "%(minutes)d minutes; ask IT if you have forgotten your password."
        ),
    }

    def get_invalid_login_error(self):
        """The refusal of a locked user name (whose password the backend did
        not check) says so; any other is the plain one."""
        if getattr(self.request, REFUSED_LOCKED, False):
            return forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.SIGNIN_LOCKOUT_SECONDS // 60},
            )
        return super().get_invalid_login_error()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Verification code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class AccountChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Agree")), ("refuse", _("Disagree"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 3}))

    @property
    def approve(self):
        return self.cleaned_data["decision"] == "approve"


class AccountChangeProposalForm(forms.Form):
    """A proposal made from the register of account changes (how leadership
    proposes; IT can also propose from the user's edit view)."""

    account = forms.ModelChoiceField(label=_("Account"), queryset=None)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    groups = forms.ModelMultipleChoiceField(
        label=_("Roles"), queryset=Group.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    headed_departments = forms.ModelMultipleChoiceField(
        label=_("Heads the departments"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    is_superuser = forms.BooleanField(label=_("Administrator"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from .models import Department, User

        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = User.objects.order_by("username")
        self.fields["department"].queryset = Department.objects.all()
        self.fields["headed_departments"].queryset = Department.objects.all()


class SupervisorForm(forms.Form):
    """Set one person's supervisor (empty: their department's head)."""

    account = forms.ModelChoiceField(label=_("Person"), queryset=None)
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for the default: the head of the person's department."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from .models import User

        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).order_by("username")
        self.fields["account"].queryset = people
        self.fields["supervisor"].queryset = people
