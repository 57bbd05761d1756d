"""Admin dashboard pieces: what awaits an approver, and a page count that
counts only the pages the reader may see."""

from django.urls import reverse
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from .models import AccessRequest, ExternalVisit
from .rules import page_filter
from .services import visits


class AwaitingApprovalPanel(Component):
    """Access requests and external-audit visits the user is to decide."""

    name = "access_awaiting"
    order = 40
    template_name = "access/panels/awaiting.html"

    def __init__(self, requests, pending_visits):
        self.requests = requests
        self.pending_visits = pending_visits

    @classmethod
    def for_user(cls, user):
        requests = list(AccessRequest.objects.awaiting(user).select_related("requester", "department")[:20])
        pending = ExternalVisit.objects.filter(status=ExternalVisit.Status.REGISTERED)
        pending_visits = [v for v in pending[:20] if visits.may_decide(user, v)]
        return cls(requests, pending_visits) if requests or pending_visits else None

    def get_context_data(self, parent_context):
        return {
            "requests": self.requests,
            "pending_visits": self.pending_visits,
            "requests_url": reverse("access_requests:index") + "?awaiting=1",
        }


class VisiblePagesSummaryItem(PagesSummaryItem):
    """Wagtail's "N pages" on the dashboard, counting only readable pages."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        root = context["root_page"]
        if root is not None:
            pages = Page.objects.descendant_of(root, inclusive=True).exclude(depth=1)
            context["total_pages"] = pages.filter(page_filter(self.request.user)).count()
        return context
