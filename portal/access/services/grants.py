"""Access requests and grants (ACC-1): request, approve or refuse, revoke,
expire. Every step is a reversion version and a trail event."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import formatting, records
from portal.accounts.roles import Role

from .. import rules
from ..levels import Level
from ..models import AccessRequest
from ..subjects import subject_for

Status = AccessRequest.Status
Route = AccessRequest.Route


def route_for(department, level):
    """Internal records go to the owning department's heads; secret and
    confidential ones (and departments without a head) to leadership."""
    if level >= Level.SECRET or not department.heads.exists():
        return Route.LEADERSHIP
    return Route.HEADS


def _check_period(starts_at, ends_at):
    if ends_at <= starts_at:
        raise ValidationError(_("The end of the period must come after its start."))
    if ends_at < timezone.now():
        raise ValidationError(_("The period is already over."))
    longest = datetime.timedelta(days=settings.ACCESS_GRANT_MAX_DAYS)
    if ends_at - starts_at > longest:
        raise ValidationError(
            _("A grant lasts at most %(days)s days.") % {"days": settings.ACCESS_GRANT_MAX_DAYS}
        )


class DuplicateRequest(ValidationError):
    """The requester already asked for the same records and is still waiting:
    ``existing`` is that request, for the refusal to link to."""

    def __init__(self, existing):
        message = _(
            "You already asked to read these records on %(date)s; that request is still waiting "
            "for approval, so no new one was sent."
        ) % {"date": formatting.datetime_text(existing.created_at)}
        super().__init__(message, code="duplicate")
        self.existing = existing


def _pending_duplicate(access_request):
    same = AccessRequest.objects.filter(
        requester=access_request.requester, status=Status.PENDING, department=access_request.department
    )
    if access_request.target_id is not None:
        same = same.filter(target_type=access_request.target_type, target_id=access_request.target_id)
    else:
        same = same.filter(target_id=None, max_level=access_request.max_level)
    return same.order_by("created_at").first()


def request_access(requester, *, reason, starts_at, ends_at, record=None, department=None, max_level=None):
    """Ask to read ``record``, or ``department``'s records up to ``max_level``;
    refused (:class:`DuplicateRequest`) while the same request is pending."""
    _check_period(starts_at, ends_at)
    access_request = AccessRequest(requester=requester, reason=reason, starts_at=starts_at, ends_at=ends_at)
    if record is not None:
        if record.department is None:
            raise ValidationError(_("This record has no owning department to ask."))
        access_request.target_type = rules.grant_type(type(record))
        access_request.target_id = record.pk
        access_request.target_label = str(record)[:255]
        department, max_level = record.department, record.confidentiality
    access_request.department = department
    access_request.max_level = max_level
    access_request.route = route_for(department, max_level)
    existing = _pending_duplicate(access_request)
    if existing is not None:
        raise DuplicateRequest(existing)
    details = {"scope": str(access_request.scope_label), "reason": reason, "route": access_request.route}
    return records.write("access.request", requester, access_request, details=details)


def may_decide(user, access_request):
    """The request's route decides; leadership may also decide what goes to
    a department head (ACC-1: "a department head's or leadership's approval")."""
    if access_request.status != Status.PENDING or access_request.requester_id == user.pk:
        return False
    subject = subject_for(user)
    if Role.LEADERSHIP in subject.roles:
        return True
    return access_request.route == Route.HEADS and access_request.department_id in subject.headed


def may_revoke(user, access_request):
    if access_request.status != Status.APPROVED:
        return False
    subject = subject_for(user)
    return (
        access_request.decided_by_id == user.pk
        or Role.LEADERSHIP in subject.roles
        or access_request.department_id in subject.headed
    )


def decide(access_request, approver, *, approve, opinion, ends_at=None):
    """Approve (optionally shortening the period) or refuse, with an opinion."""
    with transaction.atomic():
        access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if not may_decide(approver, access_request):
            raise PermissionDenied
        if approve and ends_at is not None:
            _check_period(access_request.starts_at, ends_at)
            access_request.ends_at = min(ends_at, access_request.ends_at)
        access_request.status = Status.APPROVED if approve else Status.REFUSED
        access_request.decided_by = approver
        access_request.decided_at = timezone.now()
        access_request.opinion = opinion
        action = "access.grant.approve" if approve else "access.grant.refuse"
        details = {"opinion": opinion, "until": access_request.ends_at}
        records.write(action, approver, access_request, details=details)
    return access_request


def revoke(access_request, user, *, reason):
    with transaction.atomic():
        access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if not may_revoke(user, access_request):
            raise PermissionDenied
        _close(access_request, Status.REVOKED, user, reason)
    return access_request


def _close(access_request, status, user, note):
    access_request.status = status
    access_request.closed_by = user
    access_request.closed_at = timezone.now()
    access_request.closing_note = note
    action = "access.grant.revoke" if status == Status.REVOKED else "access.grant.expire"
    records.write(action, user, access_request, details={"note": note})


def expire_grants(now=None):
    """Close the grants whose period is over (run_periodic). Returns how many."""
    now = now or timezone.now()
    count = 0
    for pk in AccessRequest.objects.filter(status=Status.APPROVED, ends_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            access_request = AccessRequest.objects.select_for_update().get(pk=pk)
            if access_request.status == Status.APPROVED and access_request.ends_at <= now:
                _close(access_request, Status.EXPIRED, None, "")
                count += 1
    return count
