from django.db import transaction

from . import record
from .context import request_context
from .scopes import request_actions


class RequestTransactionMiddleware:
    """One request is one transaction: the change, its events and its read
    receipts commit together or not at all (a worker killed half-way leaves
    nothing of the request behind).

    Why not ``ATOMIC_REQUESTS``: it rolls back on any exception a view
    raises, and a view refuses by raising ``PermissionDenied`` or ``Http404``
    after sealing the refusal — a refusal is an answer, not a failure, and
    its event must stay. Here the whole answer decides: a server error
    (status 500 or more, whether raised or returned) rolls back the request's
    writes and events; any other answer commits, refusals and the refusal
    events that :class:`TrailMiddleware` adds included. A streaming body
    (exports, files) is produced after the commit: its export event is
    sealed once the download starts. Events then seal after the commit,
    as always (``transaction.on_commit``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response


class TrailMiddleware:
    """Makes the request (user, client address) known to events recorded
    anywhere while it is served, seals every refusal (403), and makes the
    rows Wagtail's own views write one event per record acted on
    (:func:`portal.trail.scopes.request_actions`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request), request_actions():
            response = self.get_response(request)
            if response.status_code == 403 and not getattr(request, "trail_refusal_recorded", False):
                record(
                    "request.refused",
                    request=request,
                    details={"method": request.method, "path": request.get_full_path()[:500]},
                )
        return response
