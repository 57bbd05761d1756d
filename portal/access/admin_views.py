"""Wagtail admin views that would name records the rule hides, narrowed:
bulk actions, the page types report, and every report's export (sealed as
an ``export`` event, refused to an external auditor without leave to
export). Wagtail offers no hook for these, so the views are narrowed where
Wagtail builds them, once, when the access app's hooks are loaded."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action.base_bulk_action import BulkAction
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns

from portal import trail

from . import rules
from .models import AccessControlled
from .rules import Action

EXPORT_FORMATS = {"csv", "xlsx"}


def listable_pks(user, model, pks):
    """The keys among ``pks`` of rows of ``model`` that ``user`` may list;
    ``None`` when ``model`` is not under the rule."""
    if issubclass(model, Page):
        rows = Page.objects.filter(pk__in=pks).filter(rules.page_filter(user, Action.LIST))
    elif issubclass(model, AccessControlled):
        rows = model._default_manager.filter(pk__in=pks).filter(rules.filter_for(user, Action.LIST, model))
    else:
        return None
    return set(rows.values_list("pk", flat=True))


def _listable_only(get_actionable_objects):
    """A bulk action's objects, and those it lists as "not permitted", keep
    only the records the user may list: the others are not found at all."""

    @wraps(get_actionable_objects)
    def narrowed(self):
        objects, extra = get_actionable_objects(self)
        refused = extra.get("items_with_no_access", [])
        allowed = listable_pks(self.request.user, self.model, [o.pk for o in [*objects, *refused]])
        if allowed is None:
            return objects, extra
        objects = [o for o in objects if o.pk in allowed]
        extra = {**extra, "items_with_no_access": [o for o in refused if o.pk in allowed]}
        if not objects and not extra["items_with_no_access"]:
            raise Http404
        return objects, extra

    return narrowed


class ReadablePageTypesUsageReportView(PageTypesUsageReportView):
    """How many pages of each type, and which was edited last, among the
    pages the reader may list."""

    def get_queryset(self):
        queryset = super().get_queryset()
        readable = Page.objects.filter(rules.page_filter(self.request.user, Action.LIST))
        data = self.filters.form.cleaned_data if self.filters else {}
        if data.get("page_locale"):
            readable = readable.filter(locale__language_code=data["page_locale"])
        if data.get("site"):
            readable = readable.filter(path__startswith=data["site"])
        of_type = readable.filter(content_type=OuterRef("pk"))
        counted = of_type.order_by().values("content_type").annotate(n=Count("pk")).values("n")
        latest = of_type.order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
        return queryset.annotate(
            count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


NARROWED_REPORTS = {PageTypesUsageReportView: ReadablePageTypesUsageReportView}


def sealed_exports(view):
    """A report's CSV or XLSX export is an ``export`` event in the trail, and
    an external auditor's export needs their visit's leave to export."""

    @wraps(view)
    def exporting(request, *args, **kwargs):
        spreadsheet_format = request.GET.get("export")
        if spreadsheet_format not in EXPORT_FORMATS:
            return view(request, *args, **kwargs)
        if not rules.may_export(request.user):
            raise PermissionDenied
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            params = {k: v[:200] for k, v in request.GET.items() if k != "export"}
            trail.record(
                "export",
                request=request,
                target_label=request.resolver_match.view_name if request.resolver_match else request.path,
                details={"format": spreadsheet_format, "filters": params, "path": request.path[:500]},
            )
        return response

    return exporting


def narrow_bulk_actions():
    """Called once, when the access app's hooks are loaded."""
    BulkAction.get_actionable_objects = _listable_only(BulkAction.get_actionable_objects)


def report_urlpatterns(reports_urlpatterns):
    """Called by the project's URLconf: Wagtail's reports, each export
    sealed, and the addresses of those narrowed here, which the URLconf
    places before Wagtail's admin so that they answer instead."""
    decorate_urlpatterns(reports_urlpatterns, sealed_exports)
    narrowed = []
    for pattern in reports_urlpatterns:
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class in NARROWED_REPORTS:
            view = NARROWED_REPORTS[view_class].as_view(**pattern.callback.view_initkwargs)
            view = never_cache(require_admin_access(sealed_exports(view)))
            narrowed.append(path(f"admin/reports/{pattern.pattern}", view))
    return narrowed
