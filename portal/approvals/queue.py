"""What awaits an approver: the in-progress steps of the approval tasks the
user may act on, oldest first, with how long each has waited."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from .models import CountersignTask, DepartmentHeadTask, LeadershipTask

TASK_MODELS = (DepartmentHeadTask, LeadershipTask, CountersignTask)


@dataclass(frozen=True)
class AwaitingStep:
    task_state: TaskState
    page: object
    since: datetime

    @property
    def waited(self):
        return timezone.now() - self.since

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    @property
    def sheet_url(self):
        return reverse("approvals:sheet", args=[self.page.pk])


def awaiting(user):
    """Steps awaiting ``user``, oldest first."""
    if not user.is_authenticated:
        return []
    states = TaskState.objects.none()
    for model in TASK_MODELS:
        for task in model.objects.filter(active=True):
            states = states | task.get_task_states_user_can_moderate(user)
    states = states.select_related("workflow_state__workflow", "task").order_by("started_at", "pk")
    steps = []
    for state in states:
        page = state.workflow_state.content_object
        if page is not None:
            steps.append(AwaitingStep(task_state=state, page=page.specific, since=state.started_at))
    return steps
