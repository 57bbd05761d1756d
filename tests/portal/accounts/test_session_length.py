"""A sign-in lasts a working day (SESSION_HOURS, 12 by default): a phone
signed in with both factors in the morning files the evening's daily report
without signing in again, even after the browser was closed; once the
session ends, both factors again."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from portal.accounts import two_factor
from portal.accounts.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:verify")
DAILY = reverse("registers:daily_report")
# A Monday, a working day.
MORNING = datetime.datetime(2026, 12, 7, 8, 30, tzinfo=SHANGHAI)


def sign_in_with_two_factors(client, user):
    code = two_factor.issue_backup_codes(user)[0]
    response = client.post(f"{LOGIN}?next={DAILY}", {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(DAILY).url.startswith(VERIFY), "the password alone does not open the report"
    response = client.post(f"{VERIFY}?next={DAILY}", {"token": code})
    assert response.status_code == 302
    assert client.get(DAILY).status_code == 200


def reopened_browser(client):
    """A new browser holding only the cookies that outlive its closing (those
    with an expiry)."""
    fresh = Client()
    for name, morsel in client.cookies.items():
        if morsel["max-age"] or morsel["expires"]:
            fresh.cookies[name] = morsel.value
    return fresh


def test_signed_in_at_half_past_eight_still_in_at_half_past_six(staff):
    client = Client()
    with time_machine.travel(MORNING, tick=False) as clock:
        sign_in_with_two_factors(client, staff)
        clock.move_to(MORNING.replace(hour=18, minute=30))
        phone = reopened_browser(client)
        page = phone.get(DAILY)
        assert page.status_code == 200
        assert 'name="work_done"' in page.content.decode()


def test_after_the_session_hours_both_factors_again(staff):
    assert settings.SESSION_HOURS == 12
    client = Client()
    with time_machine.travel(MORNING, tick=False) as clock:
        sign_in_with_two_factors(client, staff)
        # Used all day, the session written to: that does not extend it.
        for hour in (10, 14, 18, 20):  # 20:00, half an hour before the end
            clock.move_to(MORNING.replace(hour=hour, minute=0))
            assert client.get(DAILY).status_code == 200, hour
            session = client.session
            session["last_seen"] = hour
            session.save()
        clock.move_to(MORNING + datetime.timedelta(hours=12, minutes=1))
        response = client.get(DAILY)
        assert response.status_code == 302 and response.url.startswith(LOGIN)
        # The password alone is not enough: the second factor ended with the session.
        client.post(LOGIN, {"username": staff.username, "password": DEMO_PASSWORD})
        assert client.get(DAILY).url.startswith(VERIFY)


def test_session_hours_is_a_setting(staff, settings):
    settings.SESSION_HOURS = 4
    client = Client()
    with time_machine.travel(MORNING, tick=False) as clock:
        sign_in_with_two_factors(client, staff)
        clock.move_to(MORNING + datetime.timedelta(hours=3, minutes=59))
        assert client.get(DAILY).status_code == 200
        clock.move_to(MORNING + datetime.timedelta(hours=4, minutes=1))
        assert client.get(DAILY).url.startswith(LOGIN)
