"""What circulation puts in a recipient's inbox (``liuhen_pending_items``)."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.access import rules
from portal.access.rules import Action
from portal.inbox import PendingItem

from .models import CirculationReceipt


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
