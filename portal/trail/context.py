"""Who is acting and from where, for events recorded deep inside a request
(signal receivers do not see the request)."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_request = ContextVar("trail_request", default=None)
_system = ContextVar("trail_system_actor", default=None)


def client_ip(request):
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The proxy appends the address it saw; earlier entries are the client's word.
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def current_request():
    return _request.get()


def current_system_actor():
    return _system.get()


@contextmanager
def request_context(request):
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


@contextmanager
def system_actor(name):
    """Events recorded inside are attributed to a system job, e.g.
    ``with system_actor("run_periodic"):``."""
    token = _system.set(name)
    try:
        yield
    finally:
        _system.reset(token)


_disposal = ContextVar("trail_disposal_authority", default=None)


def current_disposal():
    """The authority of the disposal under way (what allows removing issued
    records and their sealed rows), or ``None``."""
    return _disposal.get()


@contextmanager
def disposal(authority):
    """Removals inside are a disposal under ``authority``: used by
    :func:`portal.access.deletion.disposal_authorised`; the events of sealed
    rows deleted meanwhile name it."""
    token = _disposal.set(str(authority))
    try:
        yield
    finally:
        _disposal.reset(token)
