"""Wagtail's user admin, with the employee fields, where roles, department,
headships and administrator status are never saved directly: a change of them is filed
as a proposal for the other side to approve (:mod:`..services.changes`)."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.users import UserViewSet

from ..models import AccountChange, Department
from ..services import accounts, changes

PORTAL_FIELDS = ("display_name", "employee_number", "department", "title", "phone")
# Wagtail's forms ask for a first and a last name; a person here has one name
# (姓名, ``display_name``), written and shown whole.
SPLIT_NAME_FIELDS = {"first_name", "last_name"}


def reason_field():
    return forms.CharField(
        label=_("Reason for the change of roles, department or administrator status"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Changes of these fields are not saved directly: they are proposed, and applied once "
            "leadership (for a proposal from IT) or IT (for one from leadership) approves them."
        ),
    )


def headed_departments_field():
    return forms.ModelMultipleChoiceField(
        label=_("Heads the departments"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ProposingFormMixin:
    """Checks that an editor who changes roles, department, headships or
    administrator status may propose it, and gives a reason (the form's
    ``reason`` field)."""

    first_name = None
    last_name = None

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = for_user
        self.fields["display_name"].required = True
        if self.instance.pk:
            self.fields["headed_departments"].initial = list(self.instance.headed_departments.all())

    def asks_for_change(self):
        return any(name in self.changed_data for name in changes.CONTROLLED_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if self.asks_for_change():
            if self.editor is None or not changes.may_propose(self.editor):
                raise ValidationError(
                    _(
                        "Only IT or leadership may propose a change of roles, department or "
                        "administrator status."
                    )
                )
            if not (cleaned.get("reason") or "").strip():
                self.add_error("reason", _("Give the reason for the change."))
        return cleaned


class PortalUserCreationForm(ProposingFormMixin, UserCreationForm):
    headed_departments = headed_departments_field()
    reason = reason_field()

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields - SPLIT_NAME_FIELDS | set(PORTAL_FIELDS)


class PortalUserEditForm(ProposingFormMixin, UserEditForm):
    headed_departments = headed_departments_field()
    reason = reason_field()

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields - SPLIT_NAME_FIELDS | set(PORTAL_FIELDS)


class SavingThroughServiceMixin:
    """Saves through the accounts service (one trail event per action, and a
    proposal for the controlled fields) instead of Wagtail's generic save."""

    service = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def save_instance(self):
        account, self.change = type(self).service(
            self.form, self.request.user, reason=self.form.cleaned_data.get("reason", "")
        )
        return account

    def form_valid(self, form):
        self.change = None
        try:
            response = super().form_valid(form)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else _("Not allowed."))
            return self.form_invalid(form)
        if self.change is not None:
            messages.warning(
                self.request,
                _("The change of roles, department or administrator status waits for approval."),
                buttons=[
                    messages.button(reverse("account_changes:inspect", args=[self.change.pk]), _("View"))
                ],
            )
        return response


class PortalUserCreateView(SavingThroughServiceMixin, wagtail_users.CreateView):
    service = staticmethod(accounts.create_account)


class PortalUserEditView(SavingThroughServiceMixin, wagtail_users.EditView):
    service = staticmethod(accounts.edit_account)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending_change"] = self.object.account_changes.filter(
            status=AccountChange.Status.PENDING
        ).first()
        return context


class PortalUserIndexView(wagtail_users.IndexView):
    @cached_property
    def search_fields(self):
        """People are found by their name (姓名) too."""
        return (super().search_fields or set()) | {"display_name"}


class PortalUserViewSet(UserViewSet):
    """Wagtail's user admin with the employee fields; the listing shows the
    department so IT can find people the way the organisation chart does."""

    index_view_class = PortalUserIndexView
    add_view_class = PortalUserCreateView
    edit_view_class = PortalUserEditView

    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm
