"""The approvers' side of ACC-1 in the admin: the register of access
requests, what awaits me, approve or refuse with an opinion, revoke."""

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from portal.action_views import RecordActionView

from .. import masking
from ..forms.requests import DecisionForm, RevokeForm
from ..models import AccessRequest
from ..services import grants


class AccessRequestFilterSet(WagtailFilterSet):
    awaiting = django_filters.BooleanFilter(label=_("Awaiting my decision"), method="filter_awaiting")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AccessRequest.Status.choices)

    class Meta:
        model = AccessRequest
        fields = ["awaiting", "status", "department"]

    def filter_awaiting(self, queryset, name, value):
        if value:
            return queryset & AccessRequest.objects.awaiting(self.request.user)
        return queryset


class AccessRequestIndexView(generic.IndexView):
    def get_base_queryset(self):
        return AccessRequest.objects.visible_to(self.request.user).select_related(
            "requester", "department", "target_type"
        )

    def get_table(self, object_list):
        return super().get_table(masking.mask_requests(self.request.user, list(object_list)))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if grants.may_decide(self.request.user, instance):
            url = reverse("access_requests:decide", args=[instance.pk])
            buttons.insert(0, MenuItem(_("Approve or refuse"), url=url, icon_name="tasks", priority=5))
        return buttons


class AccessRequestInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        access_request = get_object_or_404(AccessRequest.objects.visible_to(self.request.user), pk=self.pk)
        return masking.mask_requests(self.request.user, [access_request])[0]

    def get_field_display_value(self, field_name, field):
        if field_name == "target_label":
            return self.object.scope_label
        return super().get_field_display_value(field_name, field)

    def get_header_more_buttons(self):
        buttons = super().get_header_more_buttons()
        user = self.request.user
        if grants.may_decide(user, self.object):
            url = reverse("access_requests:decide", args=[self.object.pk])
            buttons.append(HeaderButton(_("Approve or refuse"), url=url, icon_name="tasks", priority=10))
        if grants.may_revoke(user, self.object):
            url = reverse("access_requests:revoke", args=[self.object.pk])
            buttons.append(HeaderButton(_("Revoke"), url=url, icon_name="cross", priority=20))
        return buttons


class AccessRequestActionView(RecordActionView):
    """A form about one request, for the people the service lets act."""

    model = AccessRequest
    template_name = "access/admin/request_action.html"
    header_icon = "key"
    context_object_name = "access_request"
    inspect_url_name = "access_requests:inspect"

    def get_base_object_queryset(self):
        return AccessRequest.objects.visible_to(self.request.user)

    def get_object(self):
        return masking.mask_requests(self.request.user, [super().get_object()])[0]


class DecideView(AccessRequestActionView):
    form_class = DecisionForm
    page_title = _("Approve or refuse")
    success_message = _("Your decision has been recorded.")

    def may_act(self):
        return grants.may_decide(self.request.user, self.object)

    def act(self, form):
        grants.decide(
            self.object,
            self.request.user,
            approve=form.approve,
            opinion=form.cleaned_data["opinion"],
            ends_at=form.ends_at,
        )


class RevokeView(AccessRequestActionView):
    form_class = RevokeForm
    page_title = _("Revoke")
    success_message = _("The grant has been revoked.")

    def may_act(self):
        return grants.may_revoke(self.request.user, self.object)

    def act(self, form):
        grants.revoke(self.object, self.request.user, reason=form.cleaned_data["reason"])


class AccessRequestViewSet(ModelViewSet):
    model = AccessRequest
    icon = "key"
    menu_label = _("Access requests")
    url_prefix = "access/requests"
    name = "access_requests"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = AccessRequestIndexView
    inspect_view_class = AccessRequestInspectView
    filterset_class = AccessRequestFilterSet
    list_display = [
        "requester",  # the title column: links to the request
        Column("scope_label", label=_("Records")),
        Column("department", label=_("Department")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("route", label=_("Routed to"), accessor="get_route_display"),
        Column("period_label", label=_("Period")),
        DateColumn("created_at", label=_("Requested at")),
    ]
    inspect_view_fields = [
        "requester", "target_label", "department", "max_level", "reason", "starts_at", "ends_at",
        "status", "route", "created_at", "decided_by", "decided_at", "opinion", "closed_by",
        "closed_at", "closing_note",
    ]  # fmt: skip

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    @cached_property
    def decide_view(self):
        return DecideView.as_view()

    @cached_property
    def revoke_view(self):
        return RevokeView.as_view()

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("decide/<int:pk>/", self.decide_view, name="decide"),
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
        ]

    def register_admin_url_finder(self):
        pass  # requests have no edit view
