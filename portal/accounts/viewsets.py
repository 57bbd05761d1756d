"""The register of account changes (账号变更) in the admin: every proposal
with its before and after, what awaits me, approve or refuse with an
opinion, withdraw one's own proposal, and propose a change."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from portal.action_views import RecordActionView

from .forms import AccountChangeDecisionForm, AccountChangeProposalForm
from .models import AccountChange
from .permissions import may_open_register
from .services import changes


class AccountChangeIndexView(generic.IndexView):
    def get_base_queryset(self):
        return AccountChange.objects.select_related("account", "proposed_by", "decided_by")

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if changes.may_propose(self.request.user):
            buttons.append(
                HeaderButton(_("Propose a change"), url=reverse("account_changes:propose"), icon_name="plus")
            )
        return buttons


class AccountChangeInspectView(generic.InspectView):
    template_name = "accounts/admin/change_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(change=self.object, **describe_change(self.object))
        return context

    def get_header_more_buttons(self):
        buttons = super().get_header_more_buttons()
        if changes.may_decide(self.request.user, self.object):
            url = reverse("account_changes:decide", args=[self.object.pk])
            buttons.append(HeaderButton(_("Approve or refuse"), url=url, icon_name="tasks", priority=10))
        if changes.may_withdraw(self.request.user, self.object):
            url = reverse("account_changes:withdraw", args=[self.object.pk])
            buttons.append(HeaderButton(_("Withdraw"), url=url, icon_name="cross", priority=20))
        return buttons


def describe_change(change):
    return {"before": changes.describe(change.before), "after": changes.describe(change.after)}


class AccountChangeActionView(RecordActionView):
    model = AccountChange
    template_name = "accounts/admin/change_action.html"
    header_icon = "user"
    context_object_name = "change"
    inspect_url_name = "account_changes:inspect"

    def dispatch(self, request, *args, **kwargs):
        if not may_open_register(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **describe_change(self.object)}


class DecideView(AccountChangeActionView):
    form_class = AccountChangeDecisionForm
    page_title = _("Approve or refuse")
    success_message = _("Your decision has been recorded.")

    def may_act(self):
        return changes.may_decide(self.request.user, self.object)

    def act(self, form):
        changes.decide(
            self.object, self.request.user, approve=form.approve, opinion=form.cleaned_data["opinion"]
        )


class WithdrawView(AccountChangeActionView):
    page_title = _("Withdraw")
    success_message = _("The proposal has been withdrawn.")

    def get_form_class(self):
        from django import forms

        return forms.Form

    def may_act(self):
        return changes.may_withdraw(self.request.user, self.object)

    def act(self, form):
        changes.withdraw(self.object, self.request.user)


class ProposeView(WagtailAdminTemplateMixin, FormView):
    form_class = AccountChangeProposalForm
    template_name = "accounts/admin/change_action.html"
    page_title = _("Propose a change")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not changes.may_propose(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        account = get_user_model().objects.filter(pk=_int(self.request.GET.get("account"))).first()
        if account is None:
            return {}
        return {
            "account": account,
            "department": account.department,
            "groups": list(account.groups.all()),
            "is_superuser": account.is_superuser,
            "headed_departments": list(account.headed_departments.all()),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action_url=self.request.get_full_path(), submit_button_label=self.page_title)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        after = changes.proposal_from(
            data["groups"], data["department"], data["is_superuser"], data["headed_departments"]
        )
        try:
            change = changes.propose(data["account"], self.request.user, after=after, reason=data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The change has been proposed and waits for approval."))
        return redirect("account_changes:inspect", change.pk)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class AccountChangeViewSet(ModelViewSet):
    model = AccountChange
    icon = "user"
    menu_label = _("Account changes")
    menu_order = 605
    url_prefix = "accounts/changes"
    name = "account_changes"
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = AccountChangeIndexView
    inspect_view_class = AccountChangeInspectView
    list_filter = ["status", "proposed_as"]
    list_display = [
        "account",  # the title column: links to the change
        Column("proposed_by", label=_("Proposed by")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("decided_by", label=_("Decided by")),
        DateColumn("proposed_at", label=_("Proposed at")),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("decide/<int:pk>/", DecideView.as_view(), name="decide"),
            path("withdraw/<int:pk>/", WithdrawView.as_view(), name="withdraw"),
            path("propose/", ProposeView.as_view(), name="propose"),
        ]

    def register_admin_url_finder(self):
        pass  # changes have no edit view


def change_url(change):
    return reverse("account_changes:inspect", args=[change.pk])


__all__ = ["AccountChangeViewSet", "change_url"]
