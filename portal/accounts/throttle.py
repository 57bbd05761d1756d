"""Throttling of failed password sign-ins, per user name, across processes.

The count lives in the shared cache; a user who fails ``SIGNIN_MAX_FAILURES``
times is refused (even with the right password) for ``SIGNIN_LOCKOUT_SECONDS``.
"""

from django.conf import settings
from django.core.cache import cache


def _key(username):
    return f"signin-failures:{(username or '').strip().lower()}"


def failures(username):
    return cache.get(_key(username), 0)


def is_locked(username):
    return failures(username) >= settings.SIGNIN_MAX_FAILURES


def register_failure(username):
    key = _key(username)
    cache.add(key, 0, settings.SIGNIN_LOCKOUT_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.SIGNIN_LOCKOUT_SECONDS)
        count = 1
    cache.touch(key, settings.SIGNIN_LOCKOUT_SECONDS)
    return count


def reset(username):
    cache.delete(_key(username))
