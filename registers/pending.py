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
