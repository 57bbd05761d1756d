"""The approval sheet (A4) and the queue of steps awaiting the user."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from portal.access import enforcement, rules
from portal.access.rules import Action

from . import queue, sheet


def approval_sheet(request, page_id):
    """Whoever may print the page may print its approval sheet."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not rules.can(request.user, Action.PRINT, page):
        return enforcement.guard(request, page, Action.PRINT)
    sheet.record_printed(request, page)
    return render(request, "approvals/sheet.html", sheet.context(page))


class AwaitingQueueView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Awaiting my approval")
    header_icon = "tasks"
    template_name = "approvals/queue.html"
    _show_breadcrumbs = True

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steps"] = queue.awaiting(self.request.user)
        return context
