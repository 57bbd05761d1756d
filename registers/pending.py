"""What circulation and follow-up tasks put in the inbox (``liuhen_pending_items``)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.access import rules
from portal.access.rules import Action
from portal.inbox import PendingItem

from .models import CirculationReceipt, FollowUpExtension, FollowUpTask


def records_to_read(user):
    """The records circulated to ``user`` and not yet read, those they may
    still see, as inbox items."""
    receipts = CirculationReceipt.objects.filter(recipient=user, read_at=None).select_related(
        "circulation__page", "circulation__sender"
    )
    items = []
    for receipt in receipts:
        circulation = receipt.circulation
        page = circulation.page.specific
        if not rules.can(user, Action.VIEW, page):
            continue
        sent = {"kind": circulation.get_kind_display(), "sender": circulation.sender}
        if circulation.instruction:
            sent["instruction"] = Truncator(circulation.instruction).chars(60)
            detail = _("%(kind)s from %(sender)s: %(instruction)s") % sent
        else:
            detail = _("%(kind)s from %(sender)s") % sent
        items.append(
            PendingItem(
                kind=PendingItem.READ,
                title=circulation.title,
                url=page.get_url() or "",
                since=circulation.created_at,
                due=circulation.deadline,
                detail=detail,
            )
        )
    return items


def _end_of(day):
    """The end of ``day`` in local time: a task is due until its day is over."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def _task_url(task):
    return reverse("followup:inspect", args=[task.pk])


def followup_items(user):
    """督办 in the inbox: the open tasks ``user`` answers for (due on their
    due date), the extensions waiting for them as a meeting's chair, and the
    completed tasks waiting for their check as a meeting's organiser."""
    from .services import followup

    if not user.is_authenticated:
        return []
    items = []
    State = FollowUpTask.State
    mine = FollowUpTask.objects.filter(responsible=user).exclude(
        state__in=(*FollowUpTask.FINISHED, State.EXTENSION_REQUESTED)
    )
    for task in mine:
        items.append(
            PendingItem(
                kind=PendingItem.ALERT,
                title=task.title,
                url=_task_url(task),
                since=task.created_at,
                due=_end_of(task.due_on),
                detail=_("Follow-up task of %(meeting)s: %(state)s, %(percent)s%% done")
                % {
                    "meeting": task.meeting_title,
                    "state": task.get_state_display(),
                    "percent": task.percent_done,
                },
            )
        )
    waiting = FollowUpExtension.objects.filter(
        decision=FollowUpExtension.Decision.PENDING, task__state=State.EXTENSION_REQUESTED
    ).select_related("task__meeting", "requested_by")
    for extension in waiting:
        task = extension.task
        if not followup.is_chair(user, task):
            continue
        items.append(
            PendingItem(
                kind=PendingItem.APPROVE,
                title=task.title,
                url=_task_url(task),
                since=extension.requested_at,
                detail=_("%(person)s asks to extend the due date from %(old)s to %(new)s: %(reason)s")
                % {
                    "person": extension.requested_by,
                    "old": extension.previous_due_on.isoformat(),
                    "new": extension.requested_due_on.isoformat(),
                    "reason": Truncator(extension.reason).chars(60),
                },
                actions_template="registers/includes/followup_extension_actions.html",
                actions_context={
                    "url": reverse("followup:decide_extension", args=[task.pk]),
                    "task": task,
                },
            )
        )
    completed = FollowUpTask.objects.filter(state=State.COMPLETED).select_related("meeting")
    for task in completed:
        if not followup.is_organiser(user, task):
            continue
        items.append(
            PendingItem(
                kind=PendingItem.CONFIRM,
                title=task.title,
                url=_task_url(task),
                since=task.completed_at or task.created_at,
                detail=_("Completed by %(person)s: check the work and close the task")
                % {"person": task.responsible},
            )
        )
    return items
