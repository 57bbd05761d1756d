"""An opinion sent from the page editor (Wagtail's "action-workflow-action")
to a step that is no longer open to the sender — a second click, a workflow
that ended meanwhile — is answered with a message before the editor saves
anything. Without this check Wagtail's editor would save its stale copy of
the page (a published page back to unpublished) and then fail."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

from .models.tasks import STEP_ENDED

WORKFLOW_ACTION = "action-workflow-action"


def refuse_closed_step(request, page):
    """``before_edit_page``: None to let the editor go on, else a redirect
    back to the editor with the reason."""
    if request.method != "POST" or not request.POST.get(WORKFLOW_ACTION):
        return None
    with transaction.atomic():
        # Held to the end of the request when requests are transactions.
        state = WorkflowState.objects.active().for_instance(page).select_for_update().first()
        task_state = state.current_task_state if state is not None else None
        if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
            message = STEP_ENDED
        else:
            actions = task_state.task.specific.get_actions(page, request.user)
            if request.POST.get("workflow-action-name") in (name for name, _label, _modal in actions):
                return None
            message = _("This opinion is not open to you on this step. Nothing was recorded.")
    messages.error(request, message)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
