from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from . import two_factor

LANGUAGE_CODES = {code for code, _ in settings.LANGUAGES}


def user_language(request):
    """The language the user chose in their account settings; before sign-in,
    the one remembered in the language cookie; otherwise Simplified Chinese."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from wagtail.users.models import UserProfile

        # Not get_preferred_language(): without a choice it falls back to the
        # language still active in this thread, i.e. the previous request's.
        language = UserProfile.get_for_user(user).preferred_language
    else:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Serves the front end in the language of the user's Wagtail profile, so
    the site and the admin always speak the same language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = user_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class TwoFactorRequiredMiddleware:
    """The whole portal is an intranet: every URL but sign-in and static files
    needs a signed-in user whose session passed the second factor."""

    OPEN_PREFIXES = ("/accounts/login/", "/accounts/language/", "/static/", "/favicon.ico", "/healthz")
    HALF_SIGNED_IN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.OPEN_PREFIXES):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return self._redirect("accounts:login", request)
        if user.is_verified() or path.startswith(self.HALF_SIGNED_IN_PREFIXES):
            return self.get_response(request)
        if two_factor.has_device(user):
            return self._redirect("accounts:verify", request)
        return self._redirect("accounts:enrol", request)

    @staticmethod
    def _redirect(url_name, request):
        target = reverse(url_name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
