"""Where the rule meets a request: allow (sealing the access when it must
be sealed) or refuse (sealing the refusal and answering with the refusal page,
or a plain 404 where even the record's existence is not to be known)."""

from . import rules
from .services import reading
from .views.refusals import refusal_response


def guard(request, record, action):
    """``None`` when ``request.user`` may do ``action`` on ``record``;
    otherwise the response to send instead."""
    if rules.can(request.user, action, record):
        reading.record_access(request, record, action)
        return None
    reading.record_refusal(request, record, action)
    return refusal_response(request, record, action)
