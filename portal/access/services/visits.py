"""External-auditor visits (ACC-2): register, approve or refuse, end, and
what the visitors did, for the visit report."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import records, trail
from portal.accounts.roles import Role
from portal.trail.models import Event

from ..models import ExternalVisit
from ..subjects import roles_of
from . import flags

Status = ExternalVisit.Status


def _write(action, user, visit, **details):
    # The cluster (visitors, scope, credentials) is written by save(), outside
    # the revision (reversion cannot serialize a cluster not yet saved); the
    # version and the summary are taken after it, as saved.
    with transaction.atomic():
        visit.save()
        with records.writing(action, user, target=visit) as writing:
            writing.add(visit)
            writing.details.update(details, **_summary(visit))


def register_visit(visit, user):
    """Save a new visit (an unsaved cluster: visitors, scope and credentials
    in memory, as the admin form leaves it); it then awaits leadership."""
    visit.registered_by = user
    _write("access.visit.register", user, visit)
    return visit


def update_visit(visit, user):
    """Save changes to a visit that still awaits approval."""
    with transaction.atomic():
        stored = ExternalVisit.objects.select_for_update().get(pk=visit.pk)
        if stored.status != Status.REGISTERED:
            raise PermissionDenied
        _write("access.visit.update", user, visit)
    return visit


def may_decide(user, visit):
    return visit.status == Status.REGISTERED and Role.LEADERSHIP in roles_of(user)


def decide(visit, leader, *, approve, opinion, escort=None, may_export=False):
    """Leadership approves — naming the escorting archivist and whether the
    visitors may export — or refuses, with an opinion."""
    with transaction.atomic():
        visit = ExternalVisit.objects.select_for_update().get(pk=visit.pk)
        if not may_decide(leader, visit):
            raise PermissionDenied
        if approve and (escort is None or Role.ARCHIVIST not in roles_of(escort)):
            raise ValidationError(_("Name the archivist who escorts the visitors."))
        visit.status = Status.APPROVED if approve else Status.REFUSED
        visit.escort = escort if approve else None
        visit.may_export = bool(approve and may_export)
        visit.decided_by = leader
        visit.decided_at = timezone.now()
        visit.opinion = opinion
        action = "access.visit.approve" if approve else "access.visit.refuse"
        _write(action, leader, visit, opinion=opinion)
    return visit


def end_visits(now=None):
    """Close the approved visits whose period is over (run_periodic)."""
    now = now or timezone.now()
    count = 0
    for pk in ExternalVisit.objects.filter(status=Status.APPROVED, ends_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            visit = ExternalVisit.objects.select_for_update().get(pk=pk)
            if visit.status != Status.APPROVED:
                continue
            visit.status = Status.ENDED
            visit.ended_at = now
            _write("access.visit.end", None, visit)
            count += 1
    return count


def record_outside_period(request, user):
    request.trail_refusal_recorded = True
    trail.record(
        "access.visit.outside",
        request=request,
        actor=user,
        target=user,
        details={"path": request.get_full_path()[:500]},
    )
    flags.note_refusals(user.pk)


def record_report_printed(request, visit):
    trail.record("print", request=request, target=visit, details={"document": "visit_report"})


def visit_events(visit):
    """Everything the visitors did during the visit, oldest first."""
    end = visit.ended_at or visit.ends_at
    return (
        Event.objects.filter(actor__in=visit.visitors.all(), at__gte=visit.starts_at, at__lt=end)
        .select_related("department")
        .order_by("at", "id")
    )


def _summary(visit):
    return {
        "organisation": visit.organisation,
        "visitors": [user.get_username() for user in visit.visitors.all()],
        "departments": [department.code for department in visit.departments.all()],
        "max_level": visit.max_level,
        "starts_at": visit.starts_at,
        "ends_at": visit.ends_at,
        "escort": visit.escort.get_username() if visit.escort else None,
        "may_export": visit.may_export,
    }
