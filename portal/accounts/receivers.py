"""Sign-ins, sign-outs and failed sign-ins, sealed in the trail as they happen
(Django's auth signals carry no business action that would record them)."""

import datetime

from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.utils import timezone

from portal.trail import record

from . import throttle


def signed_in(sender, request, user, **kwargs):
    # The session ends SESSION_HOURS after the password was accepted, however
    # busy it was (never extended by use); the second factor, kept in the same
    # session by django-otp, ends with it.
    if request is not None and hasattr(request, "session"):
        request.session.set_expiry(timezone.now() + datetime.timedelta(hours=settings.SESSION_HOURS))
    record("account.sign_in", actor=user, target=user, request=request)


def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record("account.sign_out", actor=user, target=user, request=request)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    record(
        "account.sign_in_failed",
        request=request,
        details={
            "username": username,
            "locked": throttle.is_locked(username),
            # False when the name was locked: the password was not checked.
            "password_checked": not getattr(request, "sign_in_refused_locked", False),
        },
    )


def connect():
    auth_signals.user_logged_in.connect(signed_in, dispatch_uid="accounts-signed-in")
    auth_signals.user_logged_out.connect(signed_out, dispatch_uid="accounts-signed-out")
    auth_signals.user_login_failed.connect(sign_in_failed, dispatch_uid="accounts-sign-in-failed")
