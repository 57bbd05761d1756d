from . import record
from .context import request_context


class TrailMiddleware:
    """Makes the request (user, client address) known to events recorded
    anywhere while it is served, and seals every refusal (403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            response = self.get_response(request)
            if response.status_code == 403 and not getattr(request, "trail_refusal_recorded", False):
                record(
                    "request.refused",
                    request=request,
                    details={"method": request.method, "path": request.get_full_path()[:500]},
                )
        return response
