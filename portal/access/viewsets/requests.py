"""The approvers' side of ACC-1 in the admin: the register of access
requests (on the register pattern: whom the rule lets read a request, see
``AccessRequest``), what awaits me, approve or refuse with an opinion,
revoke. A reader who may not read a request's record sees it masked, on
screen, on paper and in exports."""

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton

from portal.action_views import RecordActionView
from portal.formatting import RelativeTimeColumn

from .. import masking, rules
from ..forms.requests import DecisionForm, RevokeForm
from ..models import AccessRequest
from ..rules import Action
from ..services import grants
from .registers import (
    AccessControlledViewSet,
    RecordHistoryView,
    RecordIndexView,
    RecordInspectView,
    RecordPrintView,
    RecordUsageView,
)


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


class AccessRequestIndexView(RecordIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("requester", "department", "target_type")

    def get_table(self, object_list):
        return super().get_table(masking.mask_requests(self.request.user, list(object_list)))

    def to_row_dict(self, item):
        return super().to_row_dict(masking.mask_requests(self.request.user, [item])[0])

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if grants.may_decide(self.request.user, instance):
            url = reverse("access_requests:decide", args=[instance.pk])
            buttons.insert(0, MenuItem(_("Approve or refuse"), url=url, icon_name="tasks", priority=5))
        return buttons


class MaskedRequestMixin:
    """The request with its record's title masked for a reader who may not
    read that record."""

    def get_object(self):
        return masking.mask_requests(self.request.user, [super().get_object()])[0]

    def get_field_display_value(self, field_name, field):
        if field_name == "target_label":
            return self.object.scope_label
        return super().get_field_display_value(field_name, field)


class AccessRequestPrintView(MaskedRequestMixin, RecordPrintView):
    pass


class AccessRequestHistoryView(MaskedRequestMixin, RecordHistoryView):
    pass


class AccessRequestUsageView(MaskedRequestMixin, RecordUsageView):
    pass


class AccessRequestInspectView(MaskedRequestMixin, RecordInspectView):
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
        user = self.request.user
        return AccessRequest.objects.filter(rules.filter_for(user, Action.VIEW, AccessRequest))

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


class AccessRequestViewSet(AccessControlledViewSet):
    model = AccessRequest
    icon = "key"
    menu_label = _("Access requests")
    url_prefix = "access/requests"
    name = "access_requests"
    add_to_admin_menu = False
    read_only = True
    index_view_class = AccessRequestIndexView
    inspect_view_class = AccessRequestInspectView
    print_view_class = AccessRequestPrintView
    history_view_class = AccessRequestHistoryView
    usage_view_class = AccessRequestUsageView
    filterset_class = AccessRequestFilterSet
    list_display = [
        "requester",  # the title column: links to the request
        Column("scope_label", label=_("Records")),
        Column("department", label=_("Department")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("route", label=_("Routed to"), accessor="get_route_display"),
        Column("period_label", label=_("Period")),
        RelativeTimeColumn("created_at", label=_("Requested at")),
    ]
    inspect_view_fields = [
        "requester", "target_label", "department", "max_level", "reason", "starts_at", "ends_at",
        "status", "route", "created_at", "decided_by", "decided_at", "opinion", "closed_by",
        "closed_at", "closing_note",
    ]  # fmt: skip
    list_export = [
        "requester", "scope_label", "department", "get_max_level_display", "reason", "starts_at",
        "ends_at", "get_status_display", "get_route_display", "created_at", "decided_by", "decided_at",
        "opinion",
    ]  # fmt: skip
    export_headings = {
        "scope_label": _("Records"),
        "get_max_level_display": _("Up to level"),
        "get_status_display": _("Status"),
        "get_route_display": _("Routed to"),
    }

    @cached_property
    def decide_view(self):
        return DecideView.as_view()

    @cached_property
    def revoke_view(self):
        return RevokeView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", self.decide_view, name="decide"),
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
        ]
