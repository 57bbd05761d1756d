"""Where the access rule plugs into Wagtail: page serving, document
downloads, the explorer and choosers, the admin dashboard and menu, and the
portal's set-up, periodic and demo steps."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.site_summary import PagesSummaryItem

from portal.accounts.roles import Role
from portal.inbox import QuickAction
from portal.versioning import register_versioned_actions

from . import actions, admin_refusals, admin_views, api, demo, enforcement, masking, pending, setup  # noqa: F401 (actions registers labels)
from .models.records import PRINT_PARAMETER
from .panels import VisiblePagesSummaryItem
from .rules import Action, may_export, page_filter
from .services import flags, grants, reading, visits
from .subjects import subject_for
from .viewsets import AccessViewSetGroup

admin_views.narrow_bulk_actions()
admin_refusals.install()


@hooks.register("before_serve_page")
def check_page_access(page, request, serve_args, serve_kwargs):
    action = Action.PRINT if request.GET.get(PRINT_PARAMETER) == "1" else Action.VIEW
    return enforcement.guard(request, page, action)


@hooks.register("liuhen_may_export")
def visitors_export_only_with_leave(user):
    return may_export(user)


@hooks.register("liuhen_trail_masks")
def mask_unreadable_records_in_the_trail(user, events):
    return masking.trail_masks(user, events)


@hooks.register("before_serve_document")
def check_document_access(document, request):
    return enforcement.guard(request, document, Action.DOWNLOAD)


@hooks.register("register_actions")
def version_register_edits(registry):
    # Registers edited in Wagtail's generic and snippet views: one Version, one event.
    register_versioned_actions(registry)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_readable_pages(parent_page, pages, request):
    return pages.filter(page_filter(request.user, Action.LIST))


@hooks.register("construct_page_chooser_queryset")
def chooser_offers_readable_pages(pages, request):
    return pages.filter(page_filter(request.user, Action.LIST))


@hooks.register("before_edit_page")
def seal_opening_the_editor(request, page):
    # Wagtail has checked the rule already (the page's permission tester);
    # opening a non-public page in the editor is reading it.
    if request.method == "GET":
        reading.record_access(request, page.specific, Action.VIEW)


@hooks.register("construct_admin_api", order=100)  # after Wagtail's apps add theirs
def narrow_file_api_endpoints(router):
    for name, viewset in api.ENDPOINTS.items():
        router.register_endpoint(name, viewset)


@hooks.register("construct_homepage_summary_items", order=100)
def count_readable_pages(request, items):
    items[:] = [
        VisiblePagesSummaryItem(request) if type(item) is PagesSummaryItem else item for item in items
    ]


@hooks.register("liuhen_pending_items")
def access_requests_to_decide(user):
    return pending.requests_to_decide(user) + pending.visits_to_decide(user)


@hooks.register("liuhen_quick_actions")
def request_access_quick_action(user):
    if not subject_for(user).visitor:
        yield QuickAction(
            _("Request access"),
            reverse("access:request"),
            hint=_("Ask to read records of another department or of a higher level."),
            order=40,
        )


@hooks.register("register_admin_viewset")
def register_access_viewsets():
    return AccessViewSetGroup()


@hooks.register("liuhen_setup_portal")
def set_up_access():
    return setup.grant_collection_permissions()


# Protected files (this app's document and image models, which Wagtail checks
# as wagtaildocs/wagtailimages permissions) and the access registers: who
# decides a request is checked per request (department head or leadership);
# these only open the menus.
_FILES = (
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
)
_FILES_ADMIN = (*_FILES, "wagtaildocs.change_document", "wagtailimages.change_image")
_REQUESTS = ("access.view_accessrequest",)
_VISITS_READ = ("access.view_externalvisit",)
_VISITS = (*_VISITS_READ, "access.add_externalvisit", "access.change_externalvisit")
_OVERSIGHT = (*_REQUESTS, "access.view_refusalflag")


@hooks.register("liuhen_role_permissions")
def access_role_permissions():
    return {
        Role.STAFF: {"models": _FILES},
        Role.DEPARTMENT_HEAD: {"models": (*_FILES, *_REQUESTS)},
        Role.LEADERSHIP: {"models": (*_FILES, *_OVERSIGHT, *_VISITS)},
        Role.ARCHIVIST: {"models": (*_FILES_ADMIN, *_OVERSIGHT, *_VISITS)},
        Role.INTERNAL_AUDIT: {"models": (*_OVERSIGHT, *_VISITS_READ)},
        # Repeated refusals: someone probing, or a fault in the system.
        Role.IT: {"models": ("access.view_refusalflag",)},
        Role.ADMINISTRATION_OFFICE: {"models": _FILES},
    }


@hooks.register("liuhen_periodic")
def close_expired_grants_and_visits():
    expired, ended = grants.expire_grants(), visits.end_visits()
    if expired or ended:
        return _("Grants expired: %(grants)s; visits ended: %(visits)s.") % {
            "grants": expired,
            "visits": ended,
        }
    return None


@hooks.register("liuhen_periodic")
def flag_repeated_refusals():
    raised = flags.flag_repeated_refusals()
    return _("Repeated refusals flagged: %(count)s.") % {"count": raised} if raised else None


@hooks.register("liuhen_seed_demo")
def seed_access_demo(seed):
    demo.seed_demo(seed)


@hooks.register("liuhen_reset_demo")
def reset_access_demo(usernames, department_codes):
    demo.reset_demo(usernames, department_codes)


@hooks.register("liuhen_search_models")
def searchable_access_registers():
    from .models import AccessRequest, ExternalVisit, RefusalFlag

    return [AccessRequest, ExternalVisit, RefusalFlag]
