"""The daily reports in the admin, on the register pattern: every report the
access rule lets the user list, filtered by author, department, period,
state and lateness; a report with its lateness and thread, the supervisor's
annotation and the author's reply; a period's reports on A4; the listing in
xlsx; the history and the compare view of its versions. Reports are
written only by their services (read-only here)."""

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton

from portal.access.viewsets import AccessControlledViewSet
from portal.access.viewsets.registers import RecordIndexView, RecordInspectView
from portal.formatting import RelativeTimeColumn

from .models import DailyReport
from .services import reports as service
from .views import report_admin


def late_ids(queryset):
    """The reports of ``queryset`` submitted after their day's deadline
    (the deadline depends on the day, in the reports' time zone)."""
    rows = queryset.filter(submitted_at__isnull=False).values_list("pk", "date", "submitted_at")
    return [pk for pk, day, submitted_at in rows if submitted_at > DailyReport(date=day).deadline]


class DailyReportFilterSet(WagtailFilterSet):
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    late = django_filters.BooleanFilter(label=_("Late"), method="filter_late")

    class Meta:
        model = DailyReport
        fields = ["author", "department", "date", "state", "late"]

    def filter_late(self, queryset, name, value):
        late = late_ids(queryset)
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


class DailyReportIndexView(RecordIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("author", "department")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        query = self.request.GET.urlencode()
        url = reverse("daily_reports:print_period") + (f"?{query}" if query else "")
        buttons.append(HeaderButton(_("Print the reports shown"), url=url, icon_name="doc-full"))
        return buttons


class DailyReportInspectView(RecordInspectView):
    template_name = "registers/admin/daily_report_inspect.html"

    def get_context_data(self, **kwargs):
        report = self.object
        user = self.request.user
        return super().get_context_data(
            report=report,
            comments=report.comments.select_related("author"),
            may_annotate=service.may_annotate(user, report),
            may_reply=user.pk == report.author_id and report.comments.filter(kind="annotation").exists(),
            annotate_url=reverse("daily_reports:annotate", args=[report.pk]),
            reply_url=reverse("daily_reports:reply", args=[report.pk]),
            **kwargs,
        )


class DailyReportViewSet(AccessControlledViewSet):
    model = DailyReport
    icon = "doc-full-inverse"
    menu_label = _("Daily reports")
    menu_order = 320
    url_prefix = "registers/daily-reports"
    name = "daily_reports"
    add_to_admin_menu = True
    read_only = True
    deletable = False
    comparable = True
    index_view_class = DailyReportIndexView
    inspect_view_class = DailyReportInspectView
    filterset_class = DailyReportFilterSet
    list_display = [
        "title",
        Column("author", label=_("Author")),
        Column("department", label=_("Department")),
        Column("date", label=_("Date")),
        Column("state", label=_("State"), accessor="get_state_display"),
        RelativeTimeColumn("submitted_at", label=_("Submitted at")),
        Column("lateness", label=_("Lateness"), accessor="lateness_label"),
    ]
    list_export = [
        "author", "department", "date", "get_state_display", "submitted_at", "lateness_label", "work_done",
        "results", "problems", "plan", "reviewed_by", "reviewed_at",
    ]  # fmt: skip
    export_headings = {
        "author": _("Author"),
        "department": _("Department"),
        "date": _("Date"),
        "get_state_display": _("State"),
        "submitted_at": _("Submitted at"),
        "lateness_label": _("Lateness"),
        "work_done": _("Work done"),
        "results": _("Results"),
        "problems": _("Problems and solutions"),
        "plan": _("Plan for tomorrow"),
        "reviewed_by": _("Annotated by"),
        "reviewed_at": _("Annotated at"),
    }
    inspect_view_fields = [
        "author", "department", "date", "state", "work_done", "results", "problems", "plan",
        "non_working_reason", "submitted_at", "edited_at", "reviewed_by", "reviewed_at", "confidentiality",
    ]  # fmt: skip

    def print_period_view(self, request):
        # The listing's filters; the rule then keeps what the user may print.
        filters = DailyReportFilterSet(
            request.GET or None, queryset=DailyReport.objects.all(), request=request
        )
        reports = filters.qs.select_related("author", "department").order_by("department", "author", "date")
        dates = filters.form.cleaned_data.get("date") if filters.is_valid() else None
        start, end = (dates.start, dates.stop) if dates else (None, None)
        return report_admin.print_period(request, reports, start, end)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("print-period/", self.print_period_view, name="print_period"),
            path("annotate/<int:pk>/", report_admin.AnnotateView.as_view(), name="annotate"),
            path("reply/<int:pk>/", report_admin.ReplyView.as_view(), name="reply"),
        ]
