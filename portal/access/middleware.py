from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.models import Page

from . import deletion, rules
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


class DeletionRefusedMiddleware:
    """Issued records are not deleted (:mod:`portal.access.deletion`). The
    admin's page delete views are answered before they run: a page the user
    reads but may not delete gets the reason, not Wagtail's bare refusal; a
    bulk delete goes on with the drafts it may delete and says why the others
    stay. Any other path meets the model's guard, whose refusal lands here
    with the request's writes rolled back: it is recorded and explained —
    back to the previous admin page with the message, a 403 elsewhere."""

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
        back = request.META.get("HTTP_REFERER", "")
        allowed = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
        if not allowed or urlsplit(back).path == request.path:
            back = admin_home
        return redirect(back)


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
