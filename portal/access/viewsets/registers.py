"""An admin ModelViewSet for registers under the access rule: the listing,
search and export hold only the records the user may list or export; opening,
printing, editing or deleting one asks the rule first; the history lists the
record's reversion versions. Register apps subclass
:class:`AccessControlledViewSet` and set ``model``, ``form_fields`` etc.; a
register written only by its services sets ``read_only``."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import registry as log_registry

from portal.formatting import ReadableInspectMixin, RelativeTimeColumn
from portal.trail.links import can_view_trail, record_trail_url
from portal.trail.spreadsheets import LocalSpreadsheetExportMixin
from portal.versioning import compare

from .. import deletion, enforcement, printing, rules
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


class RecordInspectView(RuleCheckedMixin, ReadableInspectMixin, generic.InspectView):
    print_url_name = None
    history_url_name = None
    compare_url_name = None

    def get_header_more_buttons(self):
        buttons = super().get_header_more_buttons()
        if self.print_url_name:
            url = reverse(self.print_url_name, args=[self.object.pk])
            buttons.append(HeaderButton(_("Print"), url=url, icon_name="doc-full", priority=50))
        if self.history_url_name:
            url = reverse(self.history_url_name, args=[self.object.pk])
            buttons.append(HeaderButton(_("History"), url=url, icon_name="history", priority=55))
        if self.compare_url_name and Version.objects.get_for_object(self.object)[1:2].exists():
            url = reverse(self.compare_url_name, args=[self.object.pk])
            buttons.append(HeaderButton(_("Compare versions"), url=url, icon_name="doc-empty", priority=56))
        if can_view_trail(self.request.user):
            url = record_trail_url(self.object)
            buttons.append(HeaderButton(_("Trail"), url=url, icon_name="list-ul", priority=60))
        return buttons


class RecordPrintView(RuleCheckedMixin, ReadableInspectMixin, generic.InspectView):
    """The record on A4 paper (``templates/print/record.html``)."""

    rule_action = Action.PRINT
    template_name = "print/record.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(marking=printing.marking(self.object), **kwargs)


class RecordCompareView(RuleCheckedMixin, generic.InspectView):
    """Two versions of the record side by side, field by field, a text's
    lines marked removed and added (``?old=<version>&new=<version>``; by
    default the version before the latest and the latest)."""

    template_name = "access/admin/compare.html"

    def get_page_title(self):
        return _("Compare versions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(Version.objects.get_for_object(self.object).select_related("revision__user"))
        by_id = {str(version.pk): version for version in versions}
        new = by_id.get(self.request.GET.get("new")) or (versions[0] if versions else None)
        older = [
            version
            for version in versions
            if new and version.revision.date_created <= new.revision.date_created and version != new
        ]
        old = by_id.get(self.request.GET.get("old")) or (older[0] if older else None)
        context.update(
            versions=versions,
            old=old,
            new=new,
            changes=compare(self.model, old, new) if old and new else [],
        )
        return context


class RecordEditView(RuleCheckedMixin, generic.EditView):
    rule_action = Action.EDIT


class RecordDeleteView(RuleCheckedMixin, generic.DeleteView):
    rule_action = Action.EDIT

    def get(self, request, *args, **kwargs):
        # An issued record is refused before its confirmation is even asked.
        deletion.check(self.object)
        return super().get(request, *args, **kwargs)


def _action_label(comment):
    log_registry.scan_for_actions()  # the labels are registered on first use
    try:
        return log_registry.get_action_label(comment)
    except KeyError:
        return comment


class RecordHistoryView(RuleCheckedMixin, generic.HistoryView):
    """The record's reversion versions, newest first: what each write was
    (the revision's comment, the trail action), whose and when. A model
    names in ``history_related`` the relations whose rows' versions belong
    to its history too (a circulation's receipts)."""

    any_permission_required = ["view", "add", "change", "delete"]
    filterset_class = None

    @cached_property
    def columns(self):
        return [
            Column("action", label=_("Action"), accessor=lambda v: _action_label(v.revision.comment)),
            Column("record", label=_("Record"), accessor=self._row_label),
            Column("user", label=_("User"), accessor=lambda v: v.revision.user or _("the portal")),
            RelativeTimeColumn("date", label=_("Date"), accessor="revision.date_created"),
        ]

    def _row_label(self, version):
        # The record as the reader sees it now (an access request masks the
        # title of a record the reader may not read), a related row as saved.
        if version.content_type.model_class() is self.model:
            return str(self.object)
        return version.object_repr

    @cached_property
    def header_buttons(self):
        edit_url = self.get_edit_url(self.object)
        return [HeaderButton(label=_("Edit"), url=edit_url, icon_name="edit")] if edit_url else []

    @cached_property
    def verbose_name_plural(self):
        return Version._meta.verbose_name_plural

    def get_base_queryset(self):
        rows = [self.object]
        for name in getattr(self.model, "history_related", ()):
            rows += list(getattr(self.object, name).all())
        found = Q(pk__in=[])
        for row in rows:
            content_type = ContentType.objects.get_for_model(type(row))
            found |= Q(content_type=content_type, object_id=str(row.pk))
        return (
            Version.objects.filter(found)
            .select_related("revision__user", "content_type")
            .order_by("-revision__date_created", "-pk")
        )


class RecordUsageView(RuleCheckedMixin, generic.UsageView):
    pass


class AccessControlledViewSet(ModelViewSet):
    """``read_only``: records made and changed only by the register's
    services (and the action views it adds), never in a generic form: no
    add, edit or delete views. ``deletable = False``: no delete view, for a
    register none of whose rows is ever deleted (a delete view would only
    ever show the refusal)."""

    read_only = False
    deletable = True
    index_view_class = RecordIndexView
    inspect_view_class = RecordInspectView
    edit_view_class = RecordEditView
    delete_view_class = RecordDeleteView
    history_view_class = RecordHistoryView
    usage_view_class = RecordUsageView
    print_view_class = RecordPrintView
    compare_view_class = RecordCompareView
    # A register whose readers compare its versions (a report edited after
    # submission) sets this; a register that masks fields for some readers
    # (access requests) must not: the comparison shows every field as stored.
    comparable = False
    inspect_view_enabled = True
    copy_view_enabled = False

    @property
    def disabled_views(self):
        names = ("add", "edit", "delete") if self.read_only else ()
        names = names if self.comparable else (*names, "compare")
        return names if self.deletable else (*names, "delete")

    def get_common_view_kwargs(self, **kwargs):
        kwargs = {f"{name}_url_name": None for name in self.disabled_views} | kwargs
        return super().get_common_view_kwargs(**kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            print_url_name=self.get_url_name("print"),
            compare_url_name=self.get_url_name("compare") if self.comparable else None,
            **kwargs,
        )

    @property
    def print_view(self):
        kwargs = {**super().get_inspect_view_kwargs(), "template_name": RecordPrintView.template_name}
        return self.construct_view(self.print_view_class, **kwargs)

    @property
    def compare_view(self):
        kwargs = {**super().get_inspect_view_kwargs(), "template_name": RecordCompareView.template_name}
        return self.construct_view(self.compare_view_class, **kwargs)

    def get_urlpatterns(self):
        # Wagtail's list, without the views this register does not have
        # (built only when listed: a read-only register has no form).
        conv = self.pk_path_converter
        views = [
            ("", "index_view", "index"),
            ("results/", "index_results_view", "index_results"),
            ("new/", "add_view", "add"),
            (f"edit/<{conv}:pk>/", "edit_view", "edit"),
            (f"delete/<{conv}:pk>/", "delete_view", "delete"),
            (f"history/<{conv}:pk>/", "history_view", "history"),
            (f"history-results/<{conv}:pk>/", "history_results_view", "history_results"),
            (f"usage/<{conv}:pk>/", "usage_view", "usage"),
            (f"inspect/<{conv}:pk>/", "inspect_view", "inspect"),
            (f"print/<{conv}:pk>/", "print_view", "print"),
            (f"compare/<{conv}:pk>/", "compare_view", "compare"),
        ]
        return [
            path(route, getattr(self, view), name=name)
            for route, view, name in views
            if name not in self.disabled_views
        ]

    def register_admin_url_finder(self):
        if not self.read_only:  # a read-only record has no edit view to find
            super().register_admin_url_finder()
