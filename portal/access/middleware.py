from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from . import admin_refusals, deletion, enforcement, rules
from .models import ExternalVisit
from .rules import Action
from .services import visits
from .subjects import subject_for


class VisitPeriodMiddleware:
    """An external auditor's account works only while one of their approved
    visits is under way: outside it, every request (signing in included) ends
    the session and explains why, with the visit's dates when there is one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        subject = subject_for(user)
        if not subject.visitor or subject.scopes:
            return self.get_response(request)
        visits.record_outside_period(request, user)
        upcoming = ExternalVisit.objects.filter(
            visitors=user, status=ExternalVisit.Status.APPROVED, ends_at__gt=timezone.now()
        ).first()
        logout(request)
        return render(request, "access/visit_closed.html", {"upcoming": upcoming}, status=403)


# The keyword arguments by which Wagtail's admin addresses name a page
# (the explorer, the chooser, moving, revisions, workflows, forms, and the
# portal's own admin views): each such view shows at least the page's title.
PAGE_ARGUMENTS = ("parent_page_id", "page_id", "page_to_move_id", "destination_id", "page_pk")
PAGE_ROUTES_BY_PK = {"wagtailadmin_pages:revisions_compare"}
# A workflow task's actions are answered by the task itself (who may act on
# it is the task's, e.g. a countersigner's, to say).
TASK_ROUTES = {"wagtailadmin_pages:workflow_action", "wagtailadmin_pages:collect_workflow_action_data"}


class AdminPageAccessMiddleware:
    """An admin view that names a page the user may not list answers as the
    page itself would (the refusal, sealed; or not found), before the view
    runs: whatever the view shows of the page, it is not shown."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in TASK_ROUTES or not request.path.startswith(_admin_prefix()):
            return None
        ids = [view_kwargs[name] for name in PAGE_ARGUMENTS if name in view_kwargs]
        if match.view_name in PAGE_ROUTES_BY_PK:
            ids.append(view_kwargs.get("pk"))
        ids = [int(i) for i in ids if str(i).isdigit()]
        if not ids or not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        refused = Page.objects.filter(pk__in=ids).exclude(pk__in=_listable(request.user, ids)).first()
        if refused is None:
            return None
        record = refused.specific_deferred
        response = enforcement.guard(request, record, Action.LIST)
        if response is not None and response.status_code == 403:
            # Asked for from another admin page: back there, with why.
            return admin_refusals.send_back_unread(request, record) or response
        return response


def _listable(user, ids):
    return Page.objects.filter(pk__in=ids).filter(rules.page_filter(user, Action.LIST)).values("pk")


def _admin_prefix():
    return reverse("wagtailadmin_home")


class DeletionRefusedMiddleware:
    """Issued records are not deleted (:mod:`portal.access.deletion`). The
    admin's page delete views are answered before they run: a page the user
    reads but may not delete gets the reason, not Wagtail's bare refusal; a
    bulk delete goes on with the drafts it may delete and says why the others
    stay. Any other path meets the model's guard, whose refusal lands here
    with the request's writes rolled back: it is recorded and explained —
    back to where the user was (:func:`.admin_refusals.back_to`) with the
    message, a 403 elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not request.user.is_authenticated:
            return None
        if match.view_name == "wagtailadmin_pages:delete":
            refusals = _refusals(request, [view_kwargs.get("page_id")])
            return self._answer(request, refusals[0]) if refusals else None
        if (
            match.view_name == "wagtail_bulk_action"
            and view_kwargs.get("action") == "delete"
            and view_kwargs.get("app_label") == "wagtailcore"
            and request.method == "POST"
        ):
            for refusal in _refusals(request, request.GET.getlist("id")):
                deletion.record_refusal(refusal, request)
                messages.error(request, str(refusal.message))
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, deletion.DeletionRefused):
            return self._answer(request, exception)
        return None

    def _answer(self, request, refusal):
        deletion.record_refusal(refusal, request)
        message = str(refusal.message)
        admin_home = reverse("wagtailadmin_home")
        if not request.path.startswith(admin_home) or request.headers.get("x-requested-with"):
            return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")
        messages.error(request, message)
        return redirect(admin_refusals.back_to(request, refusal.record))


def _refusals(request, page_ids):
    """Refusals for the pages among ``page_ids`` that are issued, of those
    the user reads (the others are refused without a word about them)."""
    ids = [int(pk) for pk in page_ids if str(pk).isdigit()]
    pages = Page.objects.filter(pk__in=ids).filter(rules.page_filter(request.user, Action.VIEW))
    refusals = []
    for page in pages.specific():
        reason = deletion.issued_reason(page)
        if reason is not None:
            refusals.append(deletion.DeletionRefused(page, reason))
    return refusals
