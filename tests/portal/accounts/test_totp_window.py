"""The authenticator's window, checked with an independent TOTP implementation
(pyotp) on a controlled clock: a code is accepted in its own 30-second step and
one step either side, once, and late codes never move the window."""

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.factories import DEMO_PASSWORD
from portal.trail.models import Event

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ENROL = reverse("accounts:enrol")
VERIFY = reverse("accounts:verify")
# Ten seconds into a 30-second step, so that a few seconds' wait stays in it.
START = datetime(2026, 3, 2, 1, 0, 10, tzinfo=UTC)


def signed_in_client(user):
    client = Client()
    response = client.post(LOGIN, {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


class Phone:
    """The user's authenticator app: pyotp, reading the secret the enrolment
    page shows for manual entry."""

    def __init__(self, secret):
        self.totp = pyotp.TOTP(secret)

    def code(self, at, steps=0):
        return self.totp.at(int(at.timestamp()) + 30 * steps)


def enrol(user, at):
    with time_machine.travel(at, tick=False):
        client = signed_in_client(user)
        html = client.get(ENROL).content.decode()
        secret = re.search(r"\b([A-Z2-7]{32})\b", html).group(1)
        phone = Phone(secret)
        response = client.post(ENROL, {"token": phone.code(at)})
        assert response.status_code == 200
        assert "<code>" in response.content.decode(), "the backup codes are shown"
    return phone


def accepted(user, token, at):
    """Sign in with the password at ``at`` and send ``token``: whether the
    second factor let the user in."""
    with time_machine.travel(at, tick=False):
        client = signed_in_client(user)
        response = client.post(f"{VERIFY}?next=/admin/", {"token": token})
        return response.status_code == 302 and response.url == "/admin/"


def test_enrolment_accepts_the_code_of_an_independent_authenticator(staff):
    enrol(staff, START)
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    assert (device.tolerance, device.drift) == (1, 0)


def test_late_codes_do_not_move_the_window(staff):
    phone = enrol(staff, START)
    at = START + timedelta(minutes=5)
    assert accepted(staff, phone.code(at, steps=-1), at), "30 seconds late is within the window"
    at = START + timedelta(minutes=10)
    assert not accepted(staff, phone.code(at, steps=-2), at), (
        "60 seconds late is not, even right after a late code"
    )
    at += timedelta(seconds=5)  # the wait after one wrong code, in the same step
    assert accepted(staff, phone.code(at, steps=-1), at)
    at = START + timedelta(minutes=15)
    assert not accepted(staff, phone.code(at, steps=-3), at), "a 90-second-old code is refused"
    at += timedelta(seconds=5)
    assert accepted(staff, phone.code(at), at), "the current code still works"
    assert TOTPDevice.objects.get(user=staff).drift == 0


def test_one_step_either_side_and_no_more(staff):
    phone = enrol(staff, START)
    at = START + timedelta(minutes=5)
    assert not accepted(staff, phone.code(at, steps=-2), at), "two steps late"
    at += timedelta(seconds=5)
    assert not accepted(staff, phone.code(at, steps=2), at), "two steps ahead"
    at += timedelta(seconds=5)
    assert accepted(staff, phone.code(at, steps=1), at), "one step ahead"
    assert Event.objects.filter(action="account.otp_failed", target_id=str(staff.pk)).count() == 2


def test_a_code_is_accepted_once(staff):
    phone = enrol(staff, START)
    at = START + timedelta(minutes=5)
    code = phone.code(at)
    assert accepted(staff, code, at)
    again = at + timedelta(seconds=5)
    assert not accepted(staff, code, again), "the same code, a second time, in the same step"
    assert not accepted(staff, phone.code(again, steps=-1), again + timedelta(seconds=5)), "nor an older one"
    assert accepted(staff, phone.code(at, steps=1), at + timedelta(seconds=30))


def test_devices_that_drifted_before_are_put_back_on_the_clock(staff):
    import importlib

    from django.apps import apps

    phone = enrol(staff, START)
    TOTPDevice.objects.filter(user=staff).update(drift=-3, tolerance=5)
    migration = importlib.import_module("portal.accounts.migrations.0002_totp_devices_without_drift")
    migration.reset_drift(apps, schema_editor=None)
    at = START + timedelta(minutes=5)
    assert not accepted(staff, phone.code(at, steps=-3), at)
    assert accepted(staff, phone.code(at + timedelta(seconds=5)), at + timedelta(seconds=5))
