"""HTTP-level protections: the Content-Security-Policy, enforced on every
response; refused input answered as the user's mistake, never as a server error."""

import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render

# The largest number an address may carry (a year, an id): anything larger
# is no record's and would overflow the database's integers.
LARGEST_NUMBER = 2**31 - 1
_SCRIPT_TAG = re.compile(rb"<script(?![^>]*\snonce=)", re.IGNORECASE)


def number_or_none(value, largest=LARGEST_NUMBER):
    """A query parameter as a positive whole number up to ``largest``, or
    ``None`` for anything else (so a listing ignores the filter)."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    number = int(value)
    return number if 0 < number <= largest else None


def csrf_failure(request, reason=""):
    """A form refused by Django's CSRF check (an expired form, a form opened
    before signing in again): said in the portal's chrome and the user's
    language, with what to do (``CSRF_FAILURE_VIEW``)."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE

    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE}
    return render(request, "403_csrf.html", context, status=403)


def csp_nonce(request):
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


class ContentSecurityPolicyMiddleware:
    """Sends an enforced CSP. Scripts run only from this origin or with the
    per-response nonce. Wagtail's admin still renders a few inline
    ``<script>`` blocks from its own templates (date pickers, inline panels);
    the nonce is added to every ``<script>`` tag of the server-rendered HTML,
    so those run while injected event-handler attributes, ``javascript:``
    URLs and scripts from other origins stay blocked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce
        response = self.get_response(request)
        if "Content-Security-Policy" in response.headers:
            return response
        if (
            response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and b"<script" in response.content
        ):
            response.content = _SCRIPT_TAG.sub(f'<script nonce="{nonce}"'.encode(), response.content)
            if response.has_header("Content-Length"):
                response.headers["Content-Length"] = str(len(response.content))
        response.headers["Content-Security-Policy"] = self.policy(nonce)
        return response

    @staticmethod
    def policy(nonce):
        directives = [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "frame-src 'self'",
            "frame-ancestors 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
        if settings.CSP_REPORT_URI:
            directives.append(f"report-uri {settings.CSP_REPORT_URI}")
        return "; ".join(directives)


class RefusedInputMiddleware:
    """A :class:`ValidationError` that escapes a view is refused input, e.g. an
    approval step re-checking an opinion sent past its form. A form sent by a
    browser comes back to the same page with the message; anything else gets
    a 400 with it. Views raise it before anything is half-written (an
    approval step re-checks inside its own transaction)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError):
            return None
        if request.method == "POST" and not request.headers.get("x-requested-with"):
            for message in exception.messages:
                messages.error(request, message)
            return redirect(request.get_full_path())
        return HttpResponseBadRequest(" ".join(exception.messages), content_type="text/plain; charset=utf-8")
