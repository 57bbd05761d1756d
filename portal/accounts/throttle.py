"""Throttling of failed password sign-ins, per user name, across processes.

A user name that fails ``SIGNIN_MAX_FAILURES`` times is refused (even with the
right password, which is then not checked) until ``SIGNIN_LOCKOUT_SECONDS``
have passed since its last failure.

Each attempt takes its place in the count *before* its password is checked,
in one statement that the database runs atomically (an upsert that declines
when the limit is reached), so that parallel guesses, in any number of
processes, never get more passwords checked than the limit. A sign-in that
succeeds clears the count.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import SignInFailures


def _name(username):
    return (username or "").strip().lower()[:150]


def _cutoff():
    return timezone.now() - timedelta(seconds=settings.SIGNIN_LOCKOUT_SECONDS)


def failures(username):
    row = SignInFailures.objects.filter(username=_name(username), last_failure_at__gte=_cutoff()).first()
    return row.failures if row else 0


def is_locked(username):
    return failures(username) >= settings.SIGNIN_MAX_FAILURES


_TABLE = SignInFailures._meta.db_table
_RESERVE = (
    f"INSERT INTO {_TABLE} (username, failures, last_failure_at) VALUES (%s, 1, %s) "  # noqa: S608
    f"ON CONFLICT (username) DO UPDATE SET "
    f"failures = CASE WHEN {_TABLE}.last_failure_at < %s THEN 1 ELSE {_TABLE}.failures + 1 END, "
    f"last_failure_at = excluded.last_failure_at "
    f"WHERE {_TABLE}.failures < %s OR {_TABLE}.last_failure_at < %s "
    f"RETURNING failures"
)


def reserve(username):
    """Count one attempt for ``username`` as a failure until it succeeds;
    ``False`` (and nothing counted) when the name is locked, in which case its
    password must not be checked."""
    adapt = connection.ops.adapt_datetimefield_value
    now, cutoff = adapt(timezone.now()), adapt(_cutoff())
    with connection.cursor() as cursor:
        cursor.execute(_RESERVE, [_name(username), now, cutoff, settings.SIGNIN_MAX_FAILURES, cutoff])
        row = cursor.fetchone()
    if row is not None and row[0] == 1:
        # A name's first failure in a while: forget the names whose failures expired.
        SignInFailures.objects.filter(last_failure_at__lt=_cutoff()).delete()
    return row is not None


def reset(username):
    SignInFailures.objects.filter(username=_name(username)).delete()
