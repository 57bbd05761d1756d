"""The approval sheet (审批单) of a page: every workflow run and every
opinion given in it, in one printable record."""

from dataclasses import dataclass, field

from wagtail.models import TaskState, WorkflowState

from portal import trail

from .models import ApprovalOpinion


@dataclass
class Run:
    workflow_state: WorkflowState
    opinions: list = field(default_factory=list)
    awaiting: TaskState | None = None

    @property
    def status_label(self):
        return self.workflow_state.get_status_display()


def drafter_of(page):
    """The page's drafter (起草人) where the page type names one, else its owner."""
    return getattr(page, "drafter", None) or page.owner


def runs(page):
    """The workflow runs on ``page``, oldest first, each with its opinions."""
    states = (
        WorkflowState.objects.for_instance(page)
        .select_related("workflow", "requested_by", "current_task_state__task")
        .order_by("created_at", "pk")
    )
    by_state = {state.pk: Run(state) for state in states}
    for opinion in ApprovalOpinion.objects.filter(page_id=page.pk).order_by("created_at", "pk"):
        run = by_state.get(opinion.workflow_state_id)
        if run is not None:
            run.opinions.append(opinion)
    for run in by_state.values():
        current = run.workflow_state.current_task_state
        if run.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and current is not None:
            run.awaiting = current
    return list(by_state.values())


def record_printed(request, page):
    trail.record("print", request=request, target=page, details={"document": "approval_sheet"})
