"""What the access app puts in a decider's inbox (``liuhen_pending_items``):
the access requests routed to them (``AccessRequest.objects.awaiting``),
each linking to the form where they approve or refuse it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.inbox import PendingItem

from . import masking
from .models import AccessRequest


def requests_to_decide(user):
    """A request names its record by title only for a decider who may read
    the record; others see it masked, as in the register."""
    waiting = list(AccessRequest.objects.awaiting(user).select_related("requester", "department"))
    return [
        PendingItem(
            kind=PendingItem.APPROVE,
            title=_("Access request: %(records)s") % {"records": access_request.scope_label},
            url=reverse("access_requests:decide", args=[access_request.pk]),
            since=access_request.created_at,
            detail=_("Asked by %(requester)s for %(period)s. Reason: %(reason)s")
            % {
                "requester": access_request.requester,
                "period": access_request.period_label,
                "reason": access_request.reason,
            },
        )
        for access_request in masking.mask_requests(user, waiting)
    ]
