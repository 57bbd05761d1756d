"""Password sign-in under pressure: a locked user name is refused without its
password being checked, every refusal is sealed, and parallel guesses never
get more passwords checked than the limit."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import check_password as real_check_password
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.accounts import throttle
from portal.accounts.factories import DEMO_PASSWORD
from portal.trail.models import Event

LOGIN = reverse("accounts:login")


def attempt(client, user, password):
    return client.post(LOGIN, {"username": user.username, "password": password})


def failed_events(user):
    events = Event.objects.filter(action="account.sign_in_failed").order_by("id")
    return [e for e in events if e.details["username"] == user.username]


@pytest.mark.django_db
def test_every_refused_attempt_on_a_locked_name_is_sealed(staff, settings, monkeypatch):
    settings.SIGNIN_MAX_FAILURES = 3
    checked = []
    monkeypatch.setattr(
        "django.contrib.auth.base_user.check_password",
        lambda *args, **kwargs: checked.append(1) or real_check_password(*args, **kwargs),
    )
    client = Client()
    for _ in range(3):
        assert "用户名或密码不正确" in attempt(client, staff, "not-the-password").content.decode()
    for password in ("still-wrong-1", DEMO_PASSWORD, "still-wrong-2", DEMO_PASSWORD):
        response = attempt(client, staff, password)
        assert "登录失败次数过多" in response.content.decode()
        assert "_auth_user_id" not in client.session
    assert len(checked) == 3, "no password of a locked name is checked, the right one included"
    events = failed_events(staff)
    assert len(events) == 7
    assert [e.details["password_checked"] for e in events] == [True] * 3 + [False] * 4
    assert all(e.details["locked"] for e in events[2:])


@pytest.mark.django_db
def test_the_lock_ends_and_a_right_password_clears_the_count(staff, settings):
    settings.SIGNIN_MAX_FAILURES = 2
    client = Client()
    for _ in range(2):
        attempt(client, staff, "not-the-password")
    assert throttle.is_locked(staff.username.upper()), "user names are counted case-insensitively"
    later = timezone.now() + timedelta(seconds=settings.SIGNIN_LOCKOUT_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert not throttle.is_locked(staff.username)
        assert attempt(client, staff, "not-the-password").status_code == 200
        assert throttle.failures(staff.username) == 1, "the expired failures no longer count"
        assert attempt(client, staff, DEMO_PASSWORD).status_code == 302
        assert throttle.failures(staff.username) == 0


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_check_at_most_the_limit(staff, settings, monkeypatch):
    settings.SIGNIN_MAX_FAILURES = 5
    guesses = 20
    checked, lock = [], threading.Lock()

    def counting_check_password(*args, **kwargs):
        with lock:
            checked.append(1)
        time.sleep(0.05)  # what a production password hash costs, give or take
        return real_check_password(*args, **kwargs)

    monkeypatch.setattr("django.contrib.auth.base_user.check_password", counting_check_password)
    barrier = threading.Barrier(guesses)
    statuses, errors = [], []

    def guess(n):
        try:
            client = Client()
            barrier.wait()
            response = attempt(client, staff, f"guess-{n}")
            statuses.append(response.status_code)
        except Exception as error:  # reported below, with the others
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses == [200] * guesses
    assert len(checked) <= settings.SIGNIN_MAX_FAILURES
    assert throttle.is_locked(staff.username)
    events = failed_events(staff)
    assert len(events) == guesses, "every attempt is sealed"
    assert sum(e.details["password_checked"] for e in events) == len(checked)
