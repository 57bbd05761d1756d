"""ACC-2 in the admin: the register of external-audit visits (on the
register pattern: whom the rule lets read a visit, see ``ExternalVisit``),
leadership's approval, and the printable visit report."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets import HeaderButton

from portal.action_views import RecordActionView
from portal.formatting import RelativeTimeColumn

from .. import enforcement, printing, rules
from ..forms.visits import ExternalVisitForm, VisitDecisionForm
from ..models import ExternalVisit
from ..rules import Action
from ..services import visits
from .registers import AccessControlledViewSet, RecordEditView, RecordIndexView, RecordInspectView


class VisitCreateView(generic.CreateView):
    def save_instance(self):
        return visits.register_visit(self.form.save(commit=False), self.request.user)


class VisitIndexView(RecordIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("escort")


class VisitEditView(RecordEditView):
    def dispatch(self, request, *args, **kwargs):
        if self.get_object().status != ExternalVisit.Status.REGISTERED:
            raise PermissionDenied  # an approved visit is changed by registering a new one
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        return visits.update_visit(self.form.save(commit=False), self.request.user)


class VisitInspectView(RecordInspectView):
    def get_header_more_buttons(self):
        buttons = super().get_header_more_buttons()
        if visits.may_decide(self.request.user, self.object):
            url = reverse("access_visits:decide", args=[self.object.pk])
            buttons.append(HeaderButton(_("Approve or refuse"), url=url, icon_name="tasks", priority=10))
        if self.object.status in (ExternalVisit.Status.APPROVED, ExternalVisit.Status.ENDED):
            url = reverse("access_visits:report", args=[self.object.pk])
            buttons.append(HeaderButton(_("Visit report"), url=url, icon_name="doc-full", priority=20))
        return buttons


class VisitDecideView(RecordActionView):
    model = ExternalVisit
    form_class = VisitDecisionForm
    template_name = "access/admin/visit_decide.html"
    page_title = _("Approve or refuse")
    success_message = _("Your decision has been recorded.")
    header_icon = "user"
    context_object_name = "visit"
    inspect_url_name = "access_visits:inspect"
    error_field = "escort"

    def may_act(self):
        return visits.may_decide(self.request.user, self.object)

    def act(self, form):
        data = form.cleaned_data
        visits.decide(
            self.object,
            self.request.user,
            approve=form.approve,
            opinion=data["opinion"],
            escort=data["escort"],
            may_export=data["may_export"],
        )


def visit_report(request, pk):
    """The visit report (A4): who came, who escorted them, what they opened."""
    if not request.user.has_perm("access.view_externalvisit"):
        raise PermissionDenied
    visit = get_object_or_404(ExternalVisit.objects.select_related("escort", "decided_by"), pk=pk)
    if not rules.can(request.user, Action.PRINT, visit):
        return enforcement.guard(request, visit, Action.PRINT)  # records the refusal and answers it
    events = visits.visit_events(visit)
    visits.record_report_printed(request, visit)
    context = {"visit": visit, "events": events, "marking": printing.marking(visit)}
    return render(request, "print/visit_report.html", context)


class ExternalVisitViewSet(AccessControlledViewSet):
    model = ExternalVisit
    icon = "user"
    menu_label = _("External audit visits")
    url_prefix = "access/visits"
    name = "access_visits"
    add_to_admin_menu = False
    deletable = False
    index_view_class = VisitIndexView
    add_view_class = VisitCreateView
    edit_view_class = VisitEditView
    inspect_view_class = VisitInspectView
    list_filter = ["status"]
    list_display = [
        "organisation",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("period_label", label=_("Period")),
        Column("escort", label=_("Escorting archivist")),
        RelativeTimeColumn("starts_at", label=_("Starts at")),
    ]
    list_export = [
        "organisation", "purpose", "get_status_display", "starts_at", "ends_at", "get_max_level_display",
        "escort", "decided_by", "decided_at", "opinion", "ended_at",
    ]  # fmt: skip
    export_headings = {
        "get_status_display": _("Status"),
        "get_max_level_display": _("Up to level"),
    }
    inspect_view_fields = [
        "organisation", "purpose", "visitors", "departments", "record_types", "max_level",
        "starts_at", "ends_at", "status", "registered_by", "decided_by", "decided_at", "opinion",
        "escort", "may_export", "ended_at",
    ]  # fmt: skip
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("purpose"),
            FieldPanel("visitors"),
            InlinePanel("credentials", label=_("Credentials"), min_num=1),
            FieldPanel("departments"),
            FieldPanel("record_types"),
            FieldPanel("max_level"),
            FieldPanel("starts_at"),
            FieldPanel("ends_at"),
        ],
        base_form_class=ExternalVisitForm,
    )

    @cached_property
    def decide_view(self):
        return VisitDecideView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", self.decide_view, name="decide"),
            path("report/<int:pk>/", visit_report, name="report"),
        ]
