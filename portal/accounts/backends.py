from django.contrib.auth.backends import ModelBackend

from . import throttle

# Set on the request when a locked user name's password was not checked.
REFUSED_LOCKED = "sign_in_refused_locked"


class ThrottledModelBackend(ModelBackend):
    """Django's user/password backend, refusing a user name that has failed too
    often recently without checking its password, and counting each failure."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        if not throttle.reserve(username):
            if request is not None:
                setattr(request, REFUSED_LOCKED, True)
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            throttle.reset(username)
        return user
