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
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Page

from portal.access import rules
from portal.access.rules import Action
from portal.access.viewsets import AccessControlledViewSet
from portal.access.viewsets.registers import RecordIndexView, RecordInspectView, RecordPrintView
from portal.formatting import RelativeTimeColumn

from .models import Circulation, FollowUpTask
from .views import circulation as views
from .views import followup as followup_views


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


# --- Follow-up tasks (督办) ------------------------------------------------------


def _meetings_with_tasks(request):
    """The meetings of the tasks the user may list: what the meeting filter offers."""
    tasks = FollowUpTask.objects.filter(rules.filter_for(request.user, Action.LIST, FollowUpTask))
    return Page.objects.filter(pk__in=tasks.values("meeting_id")).order_by("title")


class FollowUpFilterSet(WagtailFilterSet):
    meeting = django_filters.ModelChoiceFilter(label=_("Meeting"), queryset=_meetings_with_tasks)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = FollowUpTask
        fields = ["meeting", "responsible_department", "responsible", "state", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = FollowUpTask.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class FollowUpIndexView(RecordIndexView):
    """The 督办 dashboard: the tasks the user may list, filtered by meeting,
    department, person, state and overdue, with the counts of what is shown."""

    template_name = "registers/admin/followup_index.html"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("responsible", "responsible_department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = self.get_queryset().order_by()
        by_state = dict(shown.values_list("state").annotate(count=Count("pk")).values_list("state", "count"))
        context["followup_counts"] = {
            "total": sum(by_state.values()),
            "states": [(label, by_state.get(value, 0)) for value, label in FollowUpTask.State.choices],
            "overdue": shown.filter(pk__in=FollowUpTask.objects.overdue().values("pk")).count(),
        }
        return context


class FollowUpPrintView(RecordPrintView):
    """The 督办单 on A4: the task, its meeting and decision, who answers for
    it by when, its progress and the extensions decided."""

    def get_template_names(self):
        return ["registers/followup_print.html"]

    def get_context_data(self, **kwargs):
        task = self.object
        return super().get_context_data(
            task=task,
            progress=task.progress.select_related("reported_by").prefetch_related("evidence"),
            extensions=task.extensions.select_related("requested_by", "decided_by"),
            **kwargs,
        )


class FollowUpInspectView(RecordInspectView):
    """The task with its progress and extensions; its actions, for whoever may take them, as buttons."""

    template_name = "registers/admin/followup_inspect.html"

    def get_header_more_buttons(self):
        buttons = super().get_header_more_buttons()
        for priority, (name, label) in enumerate(followup_views.available(self.request.user, self.object)):
            url = reverse(f"followup:{name}", args=[self.object.pk])
            buttons.append(HeaderButton(label, url=url, icon_name="tasks", priority=10 + priority))
        return buttons

    def get_context_data(self, **kwargs):
        task = self.object
        return super().get_context_data(
            task=task,
            progress=task.progress.select_related("reported_by").prefetch_related("evidence"),
            extensions=task.extensions.select_related("requested_by", "decided_by"),
            **kwargs,
        )


class FollowUpViewSet(AccessControlledViewSet):
    model = FollowUpTask
    icon = "tasks"
    menu_label = _("Follow-up tasks")
    menu_order = 310
    url_prefix = "registers/followup"
    name = "followup"
    add_to_admin_menu = True
    read_only = True
    index_view_class = FollowUpIndexView
    inspect_view_class = FollowUpInspectView
    print_view_class = FollowUpPrintView
    filterset_class = FollowUpFilterSet
    list_display = [
        "title",
        Column("meeting_title", label=_("Meeting")),
        Column("responsible_department", label=_("Responsible department")),
        Column("responsible", label=_("Responsible person")),
        Column("due_on", label=_("Due on"), accessor="due_label"),
        Column("state", label=_("State"), accessor="get_state_display"),
        Column("percent_done", label=_("Percent done")),
    ]
    list_export = [
        "decision", "meeting_title", "responsible_department", "responsible", "due_on", "get_state_display",
        "overdue_label", "percent_done",
    ]  # fmt: skip
    export_headings = {
        "decision": _("Meeting decision"),
        "meeting_title": _("Meeting"),
        "responsible_department": _("Responsible department"),
        "responsible": _("Responsible person"),
        "due_on": _("Due on"),
        "get_state_display": _("State"),
        "overdue_label": _("Overdue"),
        "percent_done": _("Percent done"),
    }
    inspect_view_fields = [
        "meeting_title", "decision", "responsible_department", "responsible", "due_on", "original_due_on",
        "state", "percent_done", "opened_by", "created_at", "completed_at", "completion_note", "closed_by",
        "closed_at", "check_opinion", "department", "confidentiality",
    ]  # fmt: skip

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            *(
                path(f"{name}/<int:pk>/", view.as_view(), name=name)
                for name, view in followup_views.VIEWS.items()
            ),
        ]
