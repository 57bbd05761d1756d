"""An admin ModelViewSet for registers under the access rule: the listing,
search and export hold only the records the user may list or export; opening,
printing, editing or deleting one asks the rule first. Register apps subclass
:class:`AccessControlledViewSet` and set ``model``, ``form_fields`` etc."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from portal.trail.links import can_view_trail, record_trail_url
from portal.trail.spreadsheets import LocalSpreadsheetExportMixin

from .. import deletion, enforcement, rules
from ..rules import Action
from ..services import reading
from ..views.refusals import refusal_response


class RuleCheckedMixin:
    """Wagtail's model permissions first, then the rule on the object."""

    rule_action = Action.VIEW

    def dispatch(self, request, *args, **kwargs):
        if self.permission_required is not None and not self.user_has_permission(self.permission_required):
            raise PermissionDenied
        if self.any_permission_required is not None and not self.user_has_any_permission(
            self.any_permission_required
        ):
            raise PermissionDenied
        record = getattr(self, "object", None) or self.get_object()
        refusal = enforcement.guard(request, record, self.rule_action)
        if refusal is not None:
            return refusal
        if self.rule_action == Action.EDIT and request.method == "GET":
            reading.record_access(request, record, Action.VIEW)  # the editor shows the content
        return super().dispatch(request, *args, **kwargs)


class RecordIndexView(LocalSpreadsheetExportMixin, generic.IndexView):
    def get(self, request, *args, **kwargs):
        if self.is_export and not rules.may_export(request.user):
            reading.record_refusal(request, None, Action.EXPORT)
            return refusal_response(request, None, Action.EXPORT)
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        action = Action.EXPORT if self.is_export else Action.LIST
        return super().get_base_queryset().filter(rules.filter_for(self.request.user, action, self.model))


class RecordInspectView(RuleCheckedMixin, generic.InspectView):
    print_url_name = None

    def get_header_more_buttons(self):
        buttons = super().get_header_more_buttons()
        if self.print_url_name:
            url = reverse(self.print_url_name, args=[self.object.pk])
            buttons.append(HeaderButton(_("Print"), url=url, icon_name="doc-full", priority=50))
        if can_view_trail(self.request.user):
            url = record_trail_url(self.object)
            buttons.append(HeaderButton(_("Trail"), url=url, icon_name="history", priority=60))
        return buttons


class RecordPrintView(RuleCheckedMixin, generic.InspectView):
    """The record on A4 paper (``templates/print/record.html``)."""

    rule_action = Action.PRINT
    template_name = "print/record.html"


class RecordEditView(RuleCheckedMixin, generic.EditView):
    rule_action = Action.EDIT


class RecordDeleteView(RuleCheckedMixin, generic.DeleteView):
    rule_action = Action.EDIT

    def get(self, request, *args, **kwargs):
        # An issued record is refused before its confirmation is even asked.
        deletion.check(self.object)
        return super().get(request, *args, **kwargs)


class RecordHistoryView(RuleCheckedMixin, generic.HistoryView):
    pass


class RecordUsageView(RuleCheckedMixin, generic.UsageView):
    pass


class AccessControlledViewSet(ModelViewSet):
    index_view_class = RecordIndexView
    inspect_view_class = RecordInspectView
    edit_view_class = RecordEditView
    delete_view_class = RecordDeleteView
    history_view_class = RecordHistoryView
    usage_view_class = RecordUsageView
    print_view_class = RecordPrintView
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(print_url_name=self.get_url_name("print"), **kwargs)

    @property
    def print_view(self):
        kwargs = {**super().get_inspect_view_kwargs(), "template_name": RecordPrintView.template_name}
        return self.construct_view(self.print_view_class, **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"print/<{self.pk_path_converter}:pk>/", self.print_view, name="print"),
        ]
