"""Writing approval opinions: one row, one reversion version and one trail
event (:func:`portal.records.writing`), in the caller's transaction."""

from django.utils import timezone

from portal import records

from ..models import ApprovalOpinion


def page_of(task_state):
    """The page (specific) a task state is about."""
    return task_state.workflow_state.content_object.specific


def record_opinion(task_state, user, opinion, text="", then=None):
    """Write ``user``'s ``opinion`` on ``task_state`` (never changed later),
    then call ``then()`` — the workflow's step it decides (approve, return,
    end; publishing with the last approval): all one action, one event,
    naming the opinion's version and every row Wagtail writes for it."""
    page = page_of(task_state)
    workflow_state = task_state.workflow_state
    with records.writing("approval.opinion", user, target=page, comment=f"approval opinion: {opinion}") as w:
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
        w.details.update(
            opinion=opinion,
            text=text,
            task=task_state.task.name,
            task_state=task_state.pk,
            workflow=workflow_state.workflow.name,
            workflow_state=workflow_state.pk,
            opinion_id=row.pk,
        )
        if then is not None:
            then()
    return row
