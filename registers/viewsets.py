"""The circulation register in the admin, on the register pattern: every
circulation the access rule lets the user list (see ``Circulation``), with
filters, inspect, print, export and history, and the per-record views
(circulate, status, slip, paper signatures) under the same address prefix."""

import django_filters
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column

from portal.access.viewsets import AccessControlledViewSet
from portal.access.viewsets.registers import RecordIndexView
from portal.formatting import RelativeTimeColumn

from .models import Circulation
from .views import circulation as views


class CirculationFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Sent at"), widget=DateRangePickerWidget)
    overdue = django_filters.BooleanFilter(label=_("Unread past the deadline"), method="filter_overdue")

    class Meta:
        model = Circulation
        fields = ["kind", "department", "sender", "created_at", "overdue"]

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        overdue = queryset.filter(deadline__lt=timezone.now(), receipts__read_at=None).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class CirculationIndexView(RecordIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("sender", "department")
            .annotate(
                receipt_count=Count("receipts"),
                read_count=Count("receipts", filter=Q(receipts__read_at__isnull=False)),
            )
        )

    def get_edit_url(self, instance):
        return reverse("circulations:status", args=[instance.page_id])


class CirculationViewSet(AccessControlledViewSet):
    model = Circulation
    icon = "mail"
    menu_label = _("Circulation")
    menu_order = 300
    url_prefix = "registers/circulation"
    name = "circulations"
    add_to_admin_menu = True
    read_only = True
    index_view_class = CirculationIndexView
    filterset_class = CirculationFilterSet
    list_display = [
        "title",  # links to the record's circulation status
        Column("document_number", label=_("Document number")),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("sender", label=_("Sender")),
        Column("department", label=_("Owning department")),
        RelativeTimeColumn("created_at", label=_("Sent at")),
        RelativeTimeColumn(
            "deadline", label=_("Deadline"), deadline=True, settled=lambda c: c.read_count == c.receipt_count
        ),
        Column("read_count", label=_("Read"), accessor="read_label"),
    ]
    list_export = [
        "title", "document_number", "get_kind_display", "sender", "department", "created_at", "deadline",
        "read_label", "instruction",
    ]  # fmt: skip
    # The listing's own headings, in every language (not the model's field names).
    export_headings = {
        "title": _("Title"),
        "document_number": _("Document number"),
        "get_kind_display": _("Kind"),
        "sender": _("Sender"),
        "department": _("Owning department"),
        "created_at": _("Sent at"),
        "deadline": _("Deadline"),
        "read_label": _("Read"),
        "instruction": _("Instruction"),
    }
    inspect_view_fields = [
        "title", "document_number", "kind", "department", "confidentiality", "sender", "created_at",
        "deadline", "instruction",
    ]  # fmt: skip

    @cached_property
    def circulate_view(self):
        return views.CirculateView.as_view()

    @cached_property
    def choose_record_view(self):
        return views.ChooseRecordView.as_view()

    @cached_property
    def status_view(self):
        return views.StatusView.as_view()

    @cached_property
    def paper_signature_view(self):
        return views.PaperSignatureView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("circulate/", self.choose_record_view, name="choose_record"),
            path("page/<int:page_id>/circulate/", self.circulate_view, name="circulate"),
            path("page/<int:page_id>/", self.status_view, name="status"),
            path("<int:pk>/slip/", views.slip, name="slip"),
            path("receipt/<int:pk>/paper/", self.paper_signature_view, name="paper_signature"),
        ]
