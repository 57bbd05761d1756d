"""What approving minutes sets off: each resolution opens a 督办 follow-up
task (:func:`registers.services.followup.open_tasks`), in the approval's own
transaction and trail event. A correction opens tasks only for resolutions
it adds; those already followed up keep their tasks."""

from portal.approvals.models import ApprovalOpinion, Opinion
from registers.models import FollowUpTask
from registers.services import followup


def approver_of(minutes):
    """Who approved the version just published: the last agreement on the
    minutes (the chair, or who stood in), else who published it."""
    opinion = (
        ApprovalOpinion.objects.filter(page_id=minutes.pk, opinion=Opinion.AGREE)
        .select_related("approver")
        .order_by("-created_at", "-pk")
        .first()
    )
    if opinion is not None:
        return opinion.approver
    revision = minutes.live_revision
    return getattr(revision, "user", None) or minutes.owner


def open_follow_up(minutes):
    """Open the follow-up tasks of the resolutions of ``minutes`` (just
    published) that have none yet; returns the tasks opened."""
    meeting = minutes.meeting
    if meeting is None:
        return []
    opened = set(FollowUpTask.objects.filter(meeting=meeting).values_list("decision_key", flat=True))
    new = [decision for decision in minutes.decisions.all() if str(decision.pk) not in opened]
    if not new:
        return []
    return followup.open_tasks(meeting, approver_of(minutes), new)
