"""Writing approval opinions: one row, one reversion version and one trail
event, in the caller's transaction."""

import reversion
from django.db import transaction
from django.utils import timezone

from portal import trail

from ..models import ApprovalOpinion


def page_of(task_state):
    """The page (specific) a task state is about."""
    return task_state.workflow_state.content_object.specific


@transaction.atomic
def record_opinion(task_state, user, opinion, text=""):
    """Write ``user``'s ``opinion`` on ``task_state`` (never changed later)."""
    page = page_of(task_state)
    workflow_state = task_state.workflow_state
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"approval opinion: {opinion}")
        row = ApprovalOpinion.objects.create(
            page_id=page.pk,
            workflow_state=workflow_state,
            task_state=task_state,
            workflow_name=workflow_state.workflow.name,
            task_name=task_state.task.name,
            approver=user,
            approver_name=user.get_full_name(),
            opinion=opinion,
            text=text,
            created_at=timezone.now(),
        )
    trail.record(
        "approval.opinion",
        actor=user,
        target=page,
        details={
            "opinion": opinion,
            "text": text,
            "task": task_state.task.name,
            "task_state": task_state.pk,
            "workflow": workflow_state.workflow.name,
            "workflow_state": workflow_state.pk,
            "opinion_id": row.pk,
        },
    )
    return row
