"""The approval sheet (A4), the queue of steps awaiting the user, and the
opinion given where a step is listed (the queue, the dashboard, the home
page's pending items)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, TaskState

from portal.access import enforcement, rules
from portal.access.rules import Action

from . import queue, sheet
from .models import ApprovalTask
from .models.tasks import APPROVE, REQUEST_CHANGES

NOT_OPEN = _("This opinion is not open to you on this step. Nothing was recorded.")
GIVEN = {
    APPROVE: _("You agreed to “%(title)s”. Your opinion is on its approval sheet."),
    REQUEST_CHANGES: _("You requested changes to “%(title)s”. It goes back to its drafter."),
}
DISAGREED = _("You disagreed with “%(title)s”. Its approval has ended; it is not published.")


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
        steps = queue.awaiting(self.request.user)
        context["rows"] = [(step, step.pending_item(self.request.user)) for step in steps]
        return context


@require_POST
def give_opinion(request, task_state_id, action):
    """An opinion sent from where the step is listed: the step's own task
    checks and writes it (one opinion, one trail event), as from the editor;
    the user goes back to where they were with what happened."""
    back = get_valid_next_url_from_request(request) or reverse("approvals:queue")
    task_state = get_object_or_404(TaskState.objects.select_related("workflow_state"), pk=task_state_id)
    task = task_state.task.specific
    page = task_state.workflow_state.content_object
    if not isinstance(task, ApprovalTask) or page is None:
        messages.error(request, NOT_OPEN)
        return redirect(back)
    form = task.get_form_for_action(action)(request.POST)
    if not form.is_valid():
        for error in form.errors.get("text", []):
            messages.error(request, error)
        return redirect(back)
    try:
        task.on_action(task_state, request.user, action, **form.cleaned_data)
    except PermissionDenied:
        messages.error(request, NOT_OPEN)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        title = page.specific_deferred.get_admin_display_title()
        messages.success(request, gettext(GIVEN.get(action, DISAGREED)) % {"title": title})
    return redirect(back)
