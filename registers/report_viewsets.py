"""The work reports in the admin, on the register pattern: every report the
access rule lets the user list, filtered by author, department, period,
state and lateness; a report with its lateness (its key figures and their
chart beside the text, for a monthly one); the reports shown on A4; the
listing in xlsx; the history and the compare view of its versions.
Reports are written only by their services (read-only here).

:class:`WorkReportViewSet` holds what the registers share; each register
declares its model, its period field, its texts and its sign-off."""

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton

from portal.access.viewsets import AccessControlledViewSet
from portal.access.viewsets.registers import RecordIndexView, RecordInspectView
from portal.formatting import RelativeTimeColumn

from .charts import figures_chart
from .models import DailyReport, DepartmentMonthlyReport, MonthlyReport, WeeklyReport
from .services import reports as service
from .views import report_admin


def late_ids(queryset, period_field):
    """The reports of ``queryset`` submitted after their period's deadline
    (the deadline depends on the day, week or month, in the reports' time
    zone)."""
    model = queryset.model
    rows = queryset.filter(submitted_at__isnull=False).values_list("pk", period_field, "submitted_at")
    return [
        pk for pk, period, submitted_at in rows if submitted_at > model(**{period_field: period}).deadline
    ]


class WorkReportFilterSet(WagtailFilterSet):
    """Author, department, state and lateness; a register's filter set adds
    its period (a date range named as the period field) and names it in
    ``period_field``."""

    period_field = None
    late = django_filters.BooleanFilter(label=_("Late"), method="filter_late")

    def filter_late(self, queryset, name, value):
        late = late_ids(queryset, self.period_field)
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def period(self):
        """The period filtered on, ``(start, end)`` (either may be ``None``)."""
        if not self.is_valid() or not self.form.cleaned_data.get(self.period_field):
            return None, None
        dates = self.form.cleaned_data[self.period_field]
        return dates.start, dates.stop


class DailyReportFilterSet(WorkReportFilterSet):
    period_field = "date"
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = DailyReport
        fields = ["author", "department", "date", "state", "late"]


class WeeklyReportFilterSet(WorkReportFilterSet):
    period_field = "week"
    week = django_filters.DateFromToRangeFilter(label=_("Week"), widget=DateRangePickerWidget)
    signed = django_filters.BooleanFilter(
        label=pgettext_lazy("weekly report state", "Signed"),
        field_name="signed_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = WeeklyReport
        fields = ["author", "department", "week", "state", "late", "signed"]


class MonthlyReportFilterSet(WorkReportFilterSet):
    period_field = "month"
    month = django_filters.DateFromToRangeFilter(label=_("Month"), widget=DateRangePickerWidget)

    class Meta:
        model = MonthlyReport
        fields = ["author", "department", "month", "state", "late"]


class DepartmentMonthlyReportFilterSet(MonthlyReportFilterSet):
    class Meta:
        model = DepartmentMonthlyReport
        fields = ["department", "author", "month", "state", "late"]


class WorkReportIndexView(RecordIndexView):
    print_period_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("author", "department")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        query = self.request.GET.urlencode()
        url = reverse(self.print_period_url_name) + (f"?{query}" if query else "")
        buttons.append(HeaderButton(_("Print the reports shown"), url=url, icon_name="doc-full"))
        return buttons


class WorkReportInspectView(RecordInspectView):
    """The report's fields; its lateness above them; its key figures and
    their chart beside them, when it has some."""

    def get_context_data(self, **kwargs):
        report = self.object
        figures = report.key_figures
        return super().get_context_data(
            report=report,
            figures=figures,
            chart=figures_chart(figures, str(report)),
            **kwargs,
        )


class DailyReportInspectView(WorkReportInspectView):
    """And the thread: the supervisor's annotation, the author's reply."""

    def get_context_data(self, **kwargs):
        report = self.object
        user = self.request.user
        return super().get_context_data(
            comments=report.comments.select_related("author"),
            may_annotate=service.may_annotate(user, report),
            may_reply=user.pk == report.author_id and report.comments.filter(kind="annotation").exists(),
            annotate_url=reverse("daily_reports:annotate", args=[report.pk]),
            reply_url=reverse("daily_reports:reply", args=[report.pk]),
            **kwargs,
        )


class WorkReportViewSet(AccessControlledViewSet):
    """A register of work reports. A subclass sets ``model``, its
    ``filterset_class`` (a :class:`WorkReportFilterSet`), ``period_field``,
    ``text_fields`` (the texts, in the print and the export), ``sign_off``
    (the fields of who signed or annotated it and when) and
    ``inspect_view_fields``; the listing, the export and the print of the
    reports shown follow from them."""

    icon = "doc-full-inverse"
    add_to_admin_menu = True
    read_only = True
    deletable = False
    comparable = True
    index_view_class = WorkReportIndexView
    inspect_view_class = WorkReportInspectView
    inspect_template_name = "registers/admin/work_report_inspect.html"
    period_field = None
    text_fields = ()
    sign_off = ()
    has_figures = False  # key figures: a table and a chart beside the text, a column in the export
    print_prefetch = ()

    def label(self, name):
        return capfirst(self.model._meta.get_field(name).verbose_name)

    @property
    def list_display(self):
        return [
            "title",
            Column("author", label=_("Author")),
            Column("department", label=_("Department")),
            Column(self.period_field, label=self.label(self.period_field), accessor="period_label"),
            Column("state", label=_("State"), accessor="get_state_display"),
            RelativeTimeColumn("submitted_at", label=_("Submitted at")),
            Column("lateness", label=_("Lateness"), accessor="lateness_label"),
        ]

    @property
    def list_export(self):
        figures = ["key_figures_text"] if self.has_figures else []
        return [
            "author", "department", self.period_field, "get_state_display", "submitted_at", "lateness_label",
            *self.text_fields, *figures, *self.sign_off,
        ]  # fmt: skip

    @property
    def export_headings(self):
        return {
            "author": _("Author"),
            "department": _("Department"),
            "get_state_display": _("State"),
            "submitted_at": _("Submitted at"),
            "lateness_label": _("Lateness"),
            "key_figures_text": _("Key figures (target / actual)"),
            **{name: self.label(name) for name in (self.period_field, *self.text_fields, *self.sign_off)},
        }

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            print_period_url_name=self.get_url_name("print_period"), **kwargs
        )

    def print_period_view(self, request):
        # The listing's filters; the rule then keeps what the user may print.
        filters = self.filterset_class(
            request.GET or None, queryset=self.model.objects.all(), request=request
        )
        reports = filters.qs.select_related("author", "department", *self.sign_off[:1])
        reports = reports.order_by("department", "author", self.period_field)
        reports = reports.prefetch_related(*self.print_prefetch)
        start, end = filters.period()
        return report_admin.print_period(
            request,
            reports,
            title=capfirst(self.model._meta.verbose_name_plural),
            start=start,
            end=end,
            texts=[(name, self.label(name)) for name in self.text_fields],
            sign_off=self.sign_off,
            sign_off_label=self.label(self.sign_off[0]) if self.sign_off else None,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("print-period/", self.print_period_view, name="print_period"),
        ]


class DailyReportViewSet(WorkReportViewSet):
    model = DailyReport
    menu_label = _("Daily reports")
    menu_order = 320
    url_prefix = "registers/daily-reports"
    name = "daily_reports"
    inspect_view_class = DailyReportInspectView
    inspect_template_name = "registers/admin/daily_report_inspect.html"
    filterset_class = DailyReportFilterSet
    period_field = "date"
    text_fields = ("work_done", "results", "problems", "plan")
    sign_off = ("reviewed_by", "reviewed_at")
    inspect_view_fields = [
        "author", "department", "date", "state", "work_done", "results", "problems", "plan",
        "non_working_reason", "submitted_at", "edited_at", "reviewed_by", "reviewed_at", "confidentiality",
    ]  # fmt: skip

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("annotate/<int:pk>/", report_admin.AnnotateView.as_view(), name="annotate"),
            path("reply/<int:pk>/", report_admin.ReplyView.as_view(), name="reply"),
        ]


class WeeklyReportViewSet(WorkReportViewSet):
    model = WeeklyReport
    menu_label = _("Weekly reports")
    menu_order = 321
    url_prefix = "registers/weekly-reports"
    name = "weekly_reports"
    filterset_class = WeeklyReportFilterSet
    period_field = "week"
    text_fields = ("summary", "problems", "plan", "improvements")
    sign_off = ("signed_by", "signed_at")
    inspect_view_fields = [
        "author", "department", "week", "state", "summary", "problems", "plan", "improvements",
        "submitted_at", "edited_at", "signed_by", "signed_at", "confidentiality",
    ]  # fmt: skip


class MonthlyReportViewSet(WorkReportViewSet):
    model = MonthlyReport
    menu_label = _("Monthly reports")
    menu_order = 322
    url_prefix = "registers/monthly-reports"
    name = "monthly_reports"
    filterset_class = MonthlyReportFilterSet
    period_field = "month"
    text_fields = ("goals", "progress", "teamwork", "achievements")
    has_figures = True
    print_prefetch = ("figures",)
    inspect_view_fields = [
        "author", "department", "month", "state", "goals", "progress", "teamwork", "achievements",
        "submitted_at", "edited_at", "confidentiality",
    ]  # fmt: skip


class DepartmentMonthlyReportViewSet(WorkReportViewSet):
    model = DepartmentMonthlyReport
    menu_label = _("Department monthly reports")
    menu_order = 323
    url_prefix = "registers/department-monthly-reports"
    name = "department_monthly_reports"
    filterset_class = DepartmentMonthlyReportFilterSet
    period_field = "month"
    text_fields = ("goals", "progress", "teamwork", "achievements", "comment")
    sign_off = ("commented_by", "commented_at")
    has_figures = True
    inspect_view_fields = [
        "department", "author", "month", "state", "goals", "progress", "teamwork", "achievements",
        "staff_reports", "submitted_at", "comment", "commented_by", "commented_at", "confidentiality",
    ]  # fmt: skip
