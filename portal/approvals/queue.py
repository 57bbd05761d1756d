"""What awaits an approver: the in-progress steps of the approval tasks the
user may act on, oldest first, with how long each has waited, what the
record is (type, number, department, level, drafter) and the opinions the
user may give on it where it is listed."""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from portal.inbox import PendingItem

from .models import CountersignTask, DepartmentHeadTask, LeadershipTask
from .models.tasks import APPROVE, REJECT, REQUEST_CHANGES, submitted_record
from .sheet import drafter_of

TASK_MODELS = (DepartmentHeadTask, LeadershipTask, CountersignTask)
# The order the inline actions are offered in: 同意, 修改意见, 不同意.
ACTION_ORDER = (APPROVE, REQUEST_CHANGES, REJECT)
# The include that offers them; it reads ``item.actions_context``.
INLINE_ACTIONS = "approvals/includes/inline_actions.html"


@dataclass(frozen=True)
class InlineAction:
    """One opinion the user may give on a step where it is listed."""

    name: str
    label: str
    url: str
    text_required: bool


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

    @cached_property
    def record(self):
        """The record as submitted on this step: what the approver judges."""
        return submitted_record(self.page, self.task_state)

    @property
    def record_type(self):
        """What the record is: its kind where its type has kinds (公文, 报告,
        合同), else its type."""
        kind = getattr(self.record, "get_kind_display", None)
        return kind() if kind else self.page._meta.verbose_name

    @property
    def number(self):
        cited = getattr(self.record, "cited_number", lambda: None)()
        return cited[1] if cited else ""

    @property
    def drafter(self):
        return drafter_of(self.record)

    def actions_for(self, user):
        """The opinions ``user`` may give on this step, in the order offered."""
        task = self.task_state.task.specific
        offered = {name: label for name, label, _modal in task.get_actions(self.page, user)}
        return [
            InlineAction(
                name=name,
                label=offered[name],
                url=reverse("approvals:act", args=[self.task_state.pk, name]),
                text_required=bool(task.get_form_for_action(name).required_message),
            )
            for name in ACTION_ORDER
            if name in offered
        ]

    def pending_item(self, user):
        """The step among ``user``'s pending items, with the opinions they
        may give where it is listed (:data:`INLINE_ACTIONS`)."""
        return PendingItem(
            kind=PendingItem.APPROVE,
            title=self.page.title,
            url=self.edit_url,
            since=self.since,
            detail=self.task_state.task.name,
            actions_template=INLINE_ACTIONS,
            actions_context={
                "step_id": self.task_state.pk,
                "title": self.page.title,
                "actions": self.actions_for(user),
                "sheet_url": self.sheet_url,
            },
        )


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
