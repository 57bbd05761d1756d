"""What circulation and follow-up tasks put in the inbox (``liuhen_pending_items``)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.access import rules
from portal.access.rules import Action
from portal.inbox import PendingItem

from . import calendar
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


def meetings_to_answer(user):
    """Meetings whose notice ``user`` has not answered (due by the reply
    deadline), and, on the day of a meeting, the sign-in of those who
    attend (themselves or as a delegate), with the action at hand."""
    from django.db.models import Q
    from django.urls import reverse
    from django.utils import timezone

    from .models import MeetingAttendance
    from .services import meetings

    now = timezone.now()
    rows = (
        MeetingAttendance.objects.filter(Q(attendee=user) | Q(delegate=user), checked_in_at=None)
        .exclude(response=MeetingAttendance.Response.DECLINE)
        .select_related("page", "notice__sender")
    )
    items = []
    for row in rows:
        page = row.page.specific
        if not rules.can(user, Action.VIEW, page) or page.ends_at is None or page.ends_at < now:
            continue
        if row.response == MeetingAttendance.Response.DELEGATE and row.attendee_id == user.pk:
            continue  # the delegate signs in
        if row.delegate_id == user.pk and row.response != MeetingAttendance.Response.DELEGATE:
            continue
        if row.response == MeetingAttendance.Response.PENDING and row.attendee_id == user.pk:
            if page.starts_at is not None and page.starts_at <= now:
                continue
            items.append(
                PendingItem(
                    kind=PendingItem.CONFIRM,
                    title=page.title,
                    url=(page.get_url() or "") + "#meeting-attendance",
                    since=row.notice.created_at if row.notice else page.first_published_at or now,
                    due=row.reply_by,
                    detail=_("Meeting notice: confirm attendance or name a delegate"),
                    actions_template="registers/includes/meeting_inline_actions.html",
                    actions_context={
                        "action": "respond",
                        "url": reverse("registers:meeting_respond", args=[row.pk]),
                        "label": _("Attend"),
                        "response": MeetingAttendance.Response.ATTEND,
                    },
                )
            )
        elif meetings.may_check_in(user, row, now):
            items.append(
                PendingItem(
                    kind=PendingItem.CONFIRM,
                    title=page.title,
                    url=(page.get_url() or "") + "#meeting-attendance",
                    since=row.responded_at or now,
                    due=page.starts_at,
                    detail=_("Meeting today: sign in"),
                    actions_template="registers/includes/meeting_inline_actions.html",
                    actions_context={
                        "action": "check_in",
                        "url": reverse("registers:meeting_check_in", args=[row.pk]),
                        "label": _("Sign in to the meeting"),
                    },
                )
            )
    return items


def annotations_to_read(user):
    """The author's reports annotated by their supervisor since the author
    last wrote in the thread, as inbox items (a reply settles one)."""
    from .models import DailyReport, ReportComment
    from .views.reports import report_url

    items = []
    annotated = DailyReport.objects.filter(author=user, state=DailyReport.State.REVIEWED).order_by("-date")
    for report in annotated[:50]:
        last = report.comments.order_by("-created_at", "-pk").select_related("author").first()
        if last is None or last.kind != ReportComment.Kind.ANNOTATION:
            continue
        items.append(
            PendingItem(
                kind=PendingItem.READ,
                title=_("Annotation on your daily report of %(date)s") % {"date": report.date.isoformat()},
                url=report_url(report.date),
                since=last.created_at,
                detail=_("%(author)s: %(text)s")
                % {"author": last.author, "text": Truncator(last.text).chars(60)},
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


def weekly_reports_to_sign(user):
    """The weekly reports of the people ``user`` supervises, submitted and
    waiting for their signature."""
    from .services import weekly

    if not user.is_authenticated:
        return []
    url = reverse("registers:weekly_reports_to_sign")
    return [
        PendingItem(
            kind=PendingItem.APPROVE,
            title=_("Weekly report to sign: %(author)s, week of %(week)s")
            % {"author": report.author, "week": report.week.isoformat()},
            url=url,
            since=report.submitted_at,
            detail=Truncator(report.summary).chars(60),
        )
        for report in weekly.to_sign(user)
    ]


def department_reports_to_comment(user):
    """For the leadership, each department's monthly report submitted and
    not yet commented on."""
    from .models import DepartmentMonthlyReport
    from .services import monthly
    from .views.department_reports import report_url

    if not user.is_authenticated or not monthly.is_leadership(user):
        return []
    submitted = DepartmentMonthlyReport.objects.filter(state=DepartmentMonthlyReport.State.SUBMITTED)
    return [
        PendingItem(
            kind=PendingItem.READ,
            title=_("Department monthly report to comment on: %(department)s, %(month)s")
            % {"department": report.department.name, "month": report.month.strftime("%Y-%m")},
            url=report_url(report.department, report.month),
            since=report.submitted_at,
            detail=Truncator(report.goals).chars(60),
        )
        for report in submitted.select_related("department").order_by("submitted_at")
    ]


def department_reports_to_submit(user):
    """For a department's head, once a month is over and its staff have
    reported, the department's monthly report of that month while it is
    not submitted: since the staff's reports were due, due by the
    department's deadline."""
    from .models import DepartmentMonthlyReport, MonthlyReport
    from .services import monthly
    from .views.department_reports import headed_by, last_month, report_url

    if not user.is_authenticated or monthly.is_leadership(user):
        return []  # the leadership receives departments' reports; it does not send them
    month = last_month()
    departments = list(headed_by(user))
    if not departments:
        return []
    # Asked only where there is something to compose: the staff's reports.
    reported = set(
        MonthlyReport.objects.filter(department__in=departments, month=month, submitted_at__isnull=False)
        .values_list("department_id", flat=True)
        .distinct()
    )
    submitted = set(
        DepartmentMonthlyReport.objects.filter(department__in=departments, month=month)
        .exclude(state=DepartmentMonthlyReport.State.DRAFT)
        .values_list("department_id", flat=True)
    )
    since, deadline = calendar.month_deadline(month), calendar.department_month_deadline(month)
    return [
        PendingItem(
            kind=PendingItem.ALERT,
            title=_("Compose and submit the monthly report of %(department)s, %(month)s")
            % {"department": department.name, "month": month.strftime("%Y-%m")},
            url=report_url(department, month),
            since=since,
            due=deadline,
            detail=_("From the staff's monthly reports, to the leadership."),
        )
        for department in departments
        if department.pk in reported and department.pk not in submitted
    ]
