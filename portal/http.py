"""HTTP-level protections: the Content-Security-Policy, enforced on every response."""

import re
import secrets

from django.conf import settings

_SCRIPT_TAG = re.compile(rb"<script(?![^>]*\snonce=)", re.IGNORECASE)


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
