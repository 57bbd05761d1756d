"""The approval sheet (审批单) of a page: every workflow run and every
opinion given in it, in one printable record."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

from portal import trail
from portal.access import printing

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


def context(page):
    """What ``approvals/sheet.html`` shows of ``page``: its marking (密级★期限,
    number, department), its drafter and its runs."""
    marking = printing.marking(page)
    return {
        "page": page,
        "marking": marking,
        "number_label": marking.number_label if marking else _("Document number"),
        "number": marking.number if marking else "",
        "department": getattr(page, "department", None),
        "drafter": drafter_of(page),
        "runs": runs(page),
    }


def record_printed(request, page):
    trail.record("print", request=request, target=page, details={"document": "approval_sheet"})
