"""Closing a project (结项, PRJ-3): when its summary evaluation is approved,
the project gets its closing time in a revision published at once, so the
page and every document under it are read-only from then on
(:class:`home.models.records.RecordPagePermissionTester`).

Called as the summary is published, inside the final approval's action
(``approval.opinion``): the project's revision joins that one event, with
``project.close`` as one of its steps."""

from django.db import transaction
from django.utils import timezone

from portal import trail
from portal.approvals.models import ApprovalOpinion

from ..models import ProjectPage


def final_approver(page):
    opinion = ApprovalOpinion.objects.filter(page_id=page.pk).order_by("-created_at", "-pk").first()
    return opinion.approver if opinion is not None else None


def close(project, summary, user=None):
    """Close ``project`` (its live content, with the time it closed) on the
    approval of ``summary``; a closed project stays as it is."""
    project = ProjectPage.objects.select_for_update().get(pk=project.pk) if project is not None else None
    if project is None or project.is_closed:
        return project
    user = user or final_approver(summary)
    now = timezone.now()
    details = {"closed_at": now.isoformat(), "summary": summary.pk, "summary_title": summary.title}
    with transaction.atomic(), trail.action("project.close", actor=user, target=project, details=details):
        project.closed_at = now
        revision = project.save_revision(user=user, log_action=True)
        revision.publish(user=user, skip_permission_checks=True)
    return project
