"""What the access app puts in a decider's inbox (``liuhen_pending_items``):
the access requests routed to them (``AccessRequest.objects.awaiting``) and
the external-audit visits waiting for their decision, each linking to the
form where they approve or refuse it."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from portal.inbox import PendingItem

from . import masking
from .models import AccessRequest, ExternalVisit
from .services import visits


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


def visits_to_decide(user):
    """A registered visit waits from its registration (its first version)
    and is due when it starts."""
    registered = ExternalVisit.objects.filter(status=ExternalVisit.Status.REGISTERED).select_related("escort")
    waiting = [visit for visit in registered if visits.may_decide(user, visit)]
    return [
        PendingItem(
            kind=PendingItem.APPROVE,
            title=_("External audit visit: %(visit)s") % {"visit": visit},
            url=reverse("access_visits:decide", args=[visit.pk]),
            since=_registered_at(visit),
            due=visit.starts_at,
            detail=visit.period_label,
        )
        for visit in waiting
    ]


def _registered_at(visit):
    first = (
        Version.objects.get_for_object(visit)
        .select_related("revision")
        .order_by("revision__date_created")
        .first()
    )
    return first.revision.date_created if first else timezone.now()
