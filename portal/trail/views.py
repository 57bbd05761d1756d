"""The 留痕 menu: browse, filter, inspect and export trail events."""

import django_filters
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from portal import formatting, trail

from . import masking
from .actions import label as action_label
from .models import Event
from .spreadsheets import LocalSpreadsheetExportMixin

Department = Event._meta.get_field("department").related_model  # accounts': the trail imports no app above it


def _action_choices():
    actions = Event.objects.order_by().values_list("action", flat=True).distinct()
    return sorted(((a, action_label(a)) for a in actions), key=lambda c: str(c[1]))


def _type_label(target_type):
    try:
        return apps.get_model(target_type)._meta.verbose_name
    except (LookupError, ValueError):
        return target_type


def _target_type_choices():
    types = Event.objects.exclude(target_type="").order_by().values_list("target_type", flat=True).distinct()
    return sorted(((t, _type_label(t)) for t in types), key=lambda c: str(c[1]))


class EventFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=_action_choices)
    actor = django_filters.ModelChoiceFilter(label=_("Actor"), queryset=get_user_model().objects.all())
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=Department.objects.all())
    target_type = django_filters.ChoiceFilter(label=_("Record type"), choices=_target_type_choices)
    target_id = django_filters.CharFilter(label=_("Record id"), widget=forms.HiddenInput)
    at = django_filters.DateFromToRangeFilter(label=_("Time"), widget=DateRangePickerWidget)

    class Meta:
        model = Event
        fields = ["action", "actor", "department", "target_type", "target_id", "at"]


class MaskedEvents:
    """An export's events, each masked for the reader, a batch at a time."""

    BATCH = 500

    def __init__(self, queryset, user):
        self.queryset, self.user, self.model = queryset, user, queryset.model

    def __iter__(self):
        batch = []
        for event in self.queryset.iterator(chunk_size=self.BATCH):
            batch.append(event)
            if len(batch) == self.BATCH:
                yield from masking.apply(self.user, batch)
                batch = []
        yield from masking.apply(self.user, batch)


class EventIndexView(LocalSpreadsheetExportMixin, IndexView):
    custom_field_preprocess = {"at": {"csv": lambda at: formatting.datetime_text(at, seconds=True)}}

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("seal", "department")

    def get_table(self, object_list):
        return super().get_table(masking.apply(self.request.user, object_list))

    def search_queryset(self, queryset):
        """A search finds an event by its record's title only where the
        reader sees that title: otherwise the match itself would tell that a
        record of that title exists."""
        if not self.is_searching:
            return queryset
        by_facts = Q()
        for field in self.search_fields:
            if field != "target_label":
                by_facts |= Q(**{f"{field}__icontains": self.search_query})
        by_title = queryset.filter(target_label__icontains=self.search_query).exclude(by_facts)
        shown = [event.pk for event in MaskedEvents(by_title, self.request.user) if event.mask is None]
        return queryset.filter(by_facts | Q(pk__in=shown))

    def stream_csv(self, queryset):
        return super().stream_csv(MaskedEvents(queryset, self.request.user))

    def write_xlsx(self, queryset, output):
        return super().write_xlsx(MaskedEvents(queryset, self.request.user), output)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.is_export:
            filters = {k: v for k, v in request.GET.items() if k not in {"p", "export"}}
            trail.record("trail.view", request=request, details={"filters": filters})
        return response


# Column headings of exports and labels of the event page.
LABELS = {
    "seq": _("No."),
    "at": _("Time"),
    "actor_label": _("Actor"),
    "client_ip": _("Client address"),
    "action_label": _("Action"),
    "action": _("Action code"),
    "target_type": _("Record type"),
    "target_id": _("Record id"),
    "target_label": _("Record"),
    "shown_label": _("Record"),
    "department": _("Department"),
    "details_text": _("Details"),
    "shown_details_text": _("Details"),
    "sources_text": _("Source rows sealed"),
    "hash": _("Hash"),
    "seal_signature": _("Seal signature"),
    "body": _("Sealed content"),
    "shown_body": _("Sealed content"),
}


class EventInspectView(formatting.ReadableInspectMixin, InspectView):
    seconds = True  # a trail needs the second, and no "3 minutes ago"

    def get_object(self, queryset=None):
        event = get_object_or_404(Event.objects.select_related("seal", "department"), pk=self.pk)
        return masking.apply(self.request.user, [event])[0]

    def get_field_label(self, field_name, field):
        return LABELS.get(field_name) or super().get_field_label(field_name, field)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        trail.record("trail.view", request=request, target=self.object)
        return response


class EventViewSet(ModelViewSet):
    """Read-only: the trail has no add, edit or delete views to offer."""

    model = Event
    icon = "history"
    menu_label = _("Trail")
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "trail"
    name = "trail"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = EventIndexView
    inspect_view_class = EventInspectView
    filterset_class = EventFilterSet
    search_fields = ["target_label", "actor_label", "action", "target_id"]
    list_per_page = 50
    ordering = ["-id"]
    list_display = [
        Column("seq", label=_("No."), accessor="seq"),
        formatting.DateTimeColumn("at", label=_("Time"), accessor="at", seconds=True),
        Column("actor_label", label=_("Actor"), accessor="actor_label"),
        Column("action_label", label=_("Action"), accessor="action_label"),
        Column("shown_label", label=_("Record"), accessor="shown_label"),
        Column("department", label=_("Department"), accessor="department"),
    ]
    list_export = [
        "seq", "at", "actor_label", "client_ip", "action_label", "action",
        "target_type", "target_id", "shown_label", "department", "shown_details_text", "hash",
    ]  # fmt: skip
    export_headings = LABELS
    export_filename = "liuhen-trail"

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
        ]

    def register_admin_url_finder(self):
        pass  # events have no edit view to find

    inspect_view_fields = [
        "seq", "at", "actor_label", "client_ip", "action_label", "shown_label", "target_type",
        "target_id", "department", "shown_details_text", "sources_text",
        "hash", "seal_signature", "shown_body",
    ]  # fmt: skip


event_viewset = EventViewSet()
