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
