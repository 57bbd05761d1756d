"""The registers' sections of a record's history tab (``liuhen_record_history``):
circulation (who it went to, who read and commented, and the paper slip's
signatures) and a meeting's follow-up tasks."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from portal.access import rules
from portal.access.rules import Action
from portal.history import HistorySection

from .buttons import circulation_url
from .models import Circulation, CirculationReceipt, FollowUpTask
from .services import circulation as service


def circulation_section(page, request):
    if not Circulation.objects.filter(page=page).exists() or not service.may_see_status(request.user, page):
        return None
    receipts = CirculationReceipt.objects.filter(circulation__page=page).select_related(
        "circulation__sender", "recipient__department", "paper_recorded_by"
    )
    rows = {}
    for receipt in receipts:
        rows.setdefault(receipt.circulation, []).append(receipt)
    return HistorySection(
        order=30,
        title=gettext_lazy("Circulation"),
        template="registers/history/circulation.html",
        context={"circulations": list(rows.items()), "status_url": circulation_url("status", page.pk)},
    )


def attendance_section(page, request):
    """Who was sent the meeting's notice, their answers and sign-in, for
    those who may read the attendance."""
    from .models import MeetingAttendance
    from .services import meetings

    if not MeetingAttendance.objects.filter(page=page).exists():
        return None
    rows = list(meetings.attendance_of(page, request.user))
    if not rows:
        return None
    return HistorySection(
        order=31,
        title=gettext_lazy("Attendance"),
        template="registers/history/attendance.html",
        context={"attendance": rows},
    )


def plan_section(page, request):
    """A project's plan history (PRJ-2), for those who read the project."""
    from django.urls import reverse

    from .services import projects

    page = page.specific
    if not projects.is_project(page) or not projects.plan_of(page):
        return None
    if not projects.may_read(request.user, page):
        return None
    return HistorySection(
        order=35,
        title=gettext_lazy("Plan history"),
        template="registers/history/project_plan.html",
        context={
            "changes": projects.plan_history(page),
            "plan_url": reverse("registers:project_plan", args=[page.pk]),
        },
    )


def followup_section(page, request):
    """A meeting's follow-up tasks on its history tab: each task the user
    may read, with its progress reports and extension decisions."""
    tasks = list(
        FollowUpTask.objects.filter(meeting_id=page.pk)
        .filter(rules.filter_for(request.user, Action.VIEW, FollowUpTask))
        .select_related("responsible")
        .prefetch_related("progress", "extensions__decided_by")
    )
    if not tasks:
        return None
    return HistorySection(
        order=35,
        title=gettext_lazy("Follow-up tasks"),
        template="registers/history/followup.html",
        context={"tasks": [(task, reverse("followup:history", args=[task.pk])) for task in tasks]},
    )
