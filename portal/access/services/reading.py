"""Trail events for reading records and for being refused."""

from portal import trail

from .. import rules
from ..levels import Level
from ..rules import Action
from ..subjects import subject_for
from . import flags

EVENTS = {
    Action.VIEW: "access.view",
    Action.DOWNLOAD: "access.download",
    Action.PRINT: "print",
    Action.EXPORT: "export",
}


def _details(request, record, action):
    details = {"action": str(action), "path": request.get_full_path()[:500]}
    if rules.is_controlled(record):
        details["level"] = Level(record.confidentiality).name.lower()
    return details


def must_record(user, record):
    """Every view of a non-public record is sealed; everything an external
    auditor opens is."""
    if subject_for(user).visitor:
        return True
    return rules.is_controlled(record) and record.confidentiality != Level.PUBLIC


def record_access(request, record, action):
    if action in EVENTS and must_record(request.user, record):
        trail.record(
            EVENTS[action], request=request, target=record, details=_details(request, record, action)
        )


def record_refusal(request, record, action):
    request.trail_refusal_recorded = True
    trail.record("access.refused", request=request, target=record, details=_details(request, record, action))
    flags.note_refusals(request.user.pk)
