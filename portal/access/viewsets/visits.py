"""ACC-2 in the admin: the register of external-audit visits, leadership's
approval, and the printable visit report."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from portal.action_views import RecordActionView

from ..forms.visits import ExternalVisitForm, VisitDecisionForm
from ..models import ExternalVisit
from ..services import visits


class VisitCreateView(generic.CreateView):
    def save_instance(self):
        return visits.register_visit(self.form.save(commit=False), self.request.user)


class VisitEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        if self.get_object().status != ExternalVisit.Status.REGISTERED:
            raise PermissionDenied  # an approved visit is changed by registering a new one
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        return visits.update_visit(self.form.save(commit=False), self.request.user)


class VisitInspectView(generic.InspectView):
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
    events = visits.visit_events(visit)
    visits.record_report_printed(request, visit)
    return render(request, "print/visit_report.html", {"visit": visit, "events": events})


class ExternalVisitViewSet(ModelViewSet):
    model = ExternalVisit
    icon = "user"
    menu_label = _("External audit visits")
    url_prefix = "access/visits"
    name = "access_visits"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    add_view_class = VisitCreateView
    edit_view_class = VisitEditView
    inspect_view_class = VisitInspectView
    list_filter = ["status"]
    list_display = [
        "organisation",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("period_label", label=_("Period")),
        Column("escort", label=_("Escorting archivist")),
    ]
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

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"delete_url_name": None, "history_url_name": None, "usage_url_name": None, **kwargs}
        )

    @cached_property
    def decide_view(self):
        return VisitDecideView.as_view()

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("edit/<int:pk>/", self.edit_view, name="edit"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("decide/<int:pk>/", self.decide_view, name="decide"),
            path("report/<int:pk>/", visit_report, name="report"),
        ]
