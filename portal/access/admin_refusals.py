"""A refusal inside the admin explains itself. Wagtail answers every
``PermissionDenied`` in its admin views (``require_admin_access``,
``user_passes_test``) with ``wagtail.admin.auth.permission_denied``: back to
the dashboard with a bare "no permission". Wagtail offers no hook for it, so
that function is replaced once, when the access app's hooks are loaded:
the user goes back to where they were (the page they came from, if it is
this site's and not the refused address; else the listing the refused view
belongs to), with a message saying what was refused and why, and — when
they may not read the record — a link to the access request form. The
refusal is sealed in the trail as before (``request.refused``)."""

from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from wagtail.admin import auth
from wagtail.admin import messages as admin_messages
from wagtail.models import Page

from portal.trail.receivers import seal_admin_refusals

from . import rules
from .rules import Action
from .subjects import subject_for
from .views.requests import request_url

# The keyword arguments by which Wagtail's admin views name a page.
PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id")
# Page views that only show the page: refusing them refuses reading it.
READING_VIEWS = {"history", "revisions_index", "revisions_view", "preview_on_edit", "view_draft", "usage"}


def explain_refusal(request):
    """Wagtail's ``permission_denied``, explained and sent back."""
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied
    page = _refused_page(request)
    buttons = []
    if page is None:
        message = _("You may not open this part of the administration: your role does not include it.")
    else:
        message, may_request = _reason(request, page)
        if may_request:
            buttons.append(admin_messages.button(request_url(page), _("Request access")))
    admin_messages.error(request, message, buttons=buttons)
    return redirect(back_to(request, page))


def send_back_unread(request, record):
    """A record the user may not list, asked for from another admin page
    (a link, a chooser): back there with why and how to ask, never its title
    (the refusal itself is sealed by the caller). ``None`` when there is no
    such page to go back to (the refusal page answers instead)."""
    if request.method != "GET" or request.headers.get("x-requested-with") or not _came_from(request):
        return None
    level = record.get_confidentiality_display() if rules.is_controlled(record) else ""
    message = _(
        "You may not open that record: records at the “%(level)s” level are read by those the rule names "
        "or by a holder of an approved grant."
    ) % {"level": level}
    buttons = (
        []
        if subject_for(request.user).visitor
        else [admin_messages.button(request_url(record), _("Request access"))]
    )
    admin_messages.error(request, message, buttons=buttons)
    return redirect(_came_from(request))


def _refused_page(request):
    """The page the refused address names, if the user may list it (a page
    they may not list was refused before the view, without naming it)."""
    match = request.resolver_match
    kwargs = match.kwargs if match is not None else {}
    ids = [kwargs[name] for name in PAGE_ARGUMENTS if str(kwargs.get(name, "")).isdigit()]
    if not ids or not request.user.is_authenticated:
        return None
    page = Page.objects.filter(pk=ids[0]).filter(rules.page_filter(request.user, Action.LIST)).first()
    return page.specific if page is not None else None


def _reason(request, page):
    """(message, whether an access request would help) for ``page``."""
    user, title = request.user, page.get_admin_display_title()
    reading_view = _view_name(request) in READING_VIEWS
    if not rules.can(user, Action.VIEW, page):
        level = page.get_confidentiality_display() if rules.is_controlled(page) else ""
        message = _(
            "You may not open “%(title)s”: records at the “%(level)s” level are read by those the rule names "
            "or by a holder of an approved grant."
        ) % {"title": title, "level": level}
        return message, not subject_for(user).visitor
    if reading_view:
        return _("Your role does not include this view of “%(title)s”.") % {"title": title}, False
    # A record may say itself why it refuses this view now (a closed
    # project, one not yet approved that takes no documents yet).
    explained = getattr(page, "refusal_explained", None)
    own = explained(_view_name(request)) if explained is not None else None
    if own:
        return own, False
    if not rules.can(user, Action.EDIT, page):
        return _(
            "You may read “%(title)s” but not change it: records are changed by members of their own "
            "department, its heads, their author, the leadership and archivists."
        ) % {"title": title}, False
    return _(
        "Your role does not allow this on “%(title)s”. Records go live, move or leave only through "
        "their approval and the archive's procedures."
    ) % {"title": title}, False


def _view_name(request):
    match = request.resolver_match
    return match.url_name if match is not None else ""


def back_to(request, page=None):
    """Where the user was: the page they came from, if it is this site's and
    not the refused address; else the listing of what was refused (the
    page's parent in the explorer, the view's own listing), else the
    dashboard."""
    came_from = _came_from(request)
    if came_from:
        return came_from
    listing = _listing(request, page)
    return listing if listing and listing != request.path else reverse("wagtailadmin_home")


def _came_from(request):
    """The page the user came from, if it is this site's and not the refused
    address; else ``""``."""
    came_from = request.META.get("HTTP_REFERER", "")
    if (
        came_from
        and url_has_allowed_host_and_scheme(came_from, {request.get_host()}, request.is_secure())
        and urlsplit(came_from).path != request.path
    ):
        return came_from
    return ""


def _listing(request, page):
    if isinstance(page, Page):
        parent = page.get_parent()
        return reverse("wagtailadmin_explore", args=[(parent or page).pk])
    match = request.resolver_match
    if match is not None and match.namespace:
        try:
            return reverse(f"{match.namespace}:index")
        except NoReverseMatch:
            return None
    return None


def install():
    """Replace Wagtail's ``permission_denied`` (looked up at each refusal),
    sealed in the trail as Wagtail's was (``request.refused``)."""
    auth.permission_denied = explain_refusal
    seal_admin_refusals()
