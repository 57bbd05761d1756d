from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.accounts.roles import Role
from portal.direction import refuse_direction_controls

from .. import rules

User = get_user_model()


def users_with_role(role):
    return User.objects.filter(groups__name=role.group_name, is_active=True).order_by("username")


class RecordTypeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj.model_class()._meta.verbose_name_plural)


class ExternalVisitForm(WagtailAdminModelForm):
    """The visit register's form: visitors are external-auditor accounts,
    record types are the kinds of record under the access rule."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visitors"].queryset = users_with_role(Role.EXTERNAL_AUDITOR)
        types = ContentType.objects.get_for_models(*rules.controlled_models()).values()
        self.fields["record_types"] = RecordTypeField(
            label=self.fields["record_types"].label,
            help_text=self.fields["record_types"].help_text,
            queryset=ContentType.objects.filter(pk__in=[t.pk for t in types]),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end of the period must come after its start."))
        return cleaned


class VisitDecisionForm(forms.Form):
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
    escort = forms.ModelChoiceField(
        label=_("Escorting archivist"), queryset=users_with_role(Role.ARCHIVIST), required=False
    )
    may_export = forms.BooleanField(
        label=_("The visitors may export"),
        required=False,
        help_text=_("Without this, exports (CSV, Excel) are refused to them."),
    )

    @property
    def approve(self):
        return self.cleaned_data["decision"] == "approve"
