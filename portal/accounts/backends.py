from django.contrib.auth.backends import ModelBackend

from . import throttle


class ThrottledModelBackend(ModelBackend):
    """Django's user/password backend, refusing a user name that has failed too
    often recently and counting each failure."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        if throttle.is_locked(username):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.register_failure(username)
        else:
            throttle.reset(username)
        return user
