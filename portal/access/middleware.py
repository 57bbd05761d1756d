from django.contrib.auth import logout
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from . import enforcement, rules
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
        return enforcement.guard(request, refused.specific_deferred, Action.LIST)


def _listable(user, ids):
    return Page.objects.filter(pk__in=ids).filter(rules.page_filter(user, Action.LIST)).values("pk")


def _admin_prefix():
    return reverse("wagtailadmin_home")
