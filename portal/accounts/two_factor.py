"""Two-factor sign-in over django-otp: TOTP enrolment, backup codes, and
verification with throttling and lock-out (X-6)."""

from dataclasses import dataclass
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import trail

TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
BACKUP_CODE_COUNT = 10
# Steps either side of the current one in which a code is still accepted.
TOTP_TOLERANCE = 1


def has_device(user):
    return user_has_device(user, confirmed=True)


def pending_totp_device(user):
    """The user's unconfirmed authenticator, created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=False, tolerance=TOTP_TOLERANCE, drift=0
        )
    return device


def qr_code_svg(device):
    """The device's provisioning URL as an inline SVG, rendered here so that the
    secret never leaves the server."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def secret_for_manual_entry(device):
    from base64 import b32encode

    return b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def issue_backup_codes(user, count=BACKUP_CODE_COUNT):
    """Replace the user's backup codes with ``count`` new ones and return them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    trail.record("account.backup_codes_issued", target=user, details={"count": count})
    return codes


@dataclass(frozen=True)
class Verification:
    ok: bool = False
    locked: bool = False
    wait_seconds: int = 0
    failures: int = 0
    codes: tuple = ()


def _throttle_wait(device):
    """Seconds until ``device`` accepts another attempt (0 if it does now)."""
    allowed, info = device.verify_is_allowed()
    if allowed or not info or not info.get("locked_until"):
        return 0
    return max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)


@transaction.atomic
def confirm_enrolment(request, device, token):
    """Confirm the pending authenticator with one code and sign the session in
    as verified; ``codes`` on the result holds fresh backup codes."""
    wait = _throttle_wait(device)
    if wait:
        return Verification(wait_seconds=wait, failures=device.throttling_failure_count)
    if not device.verify_token(token):
        trail.record("account.otp_failed", target=request.user, details={"step": "enrol"})
        return Verification(failures=device.throttling_failure_count)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    trail.record("account.otp_enrolled", target=request.user, details={"device": device.name})
    return Verification(ok=True, codes=tuple(issue_backup_codes(request.user)))


def failure_count(user):
    return max((d.throttling_failure_count for d in devices_for_user(user)), default=0)


def is_locked_out(user):
    return failure_count(user) >= settings.OTP_MAX_FAILURES


@transaction.atomic
def verify(request, token):
    """Check a code against every confirmed device of the signed-in user."""
    user = request.user
    devices = list(devices_for_user(user, confirmed=True, for_verify=True))
    if failure_count(user) >= settings.OTP_MAX_FAILURES:
        trail.record("account.otp_locked_out", target=user, details={"failures": failure_count(user)})
        return Verification(locked=True, failures=failure_count(user))
    wait = max((_throttle_wait(device) for device in devices), default=0)
    if wait:
        trail.record("account.otp_throttled", target=user, details={"wait_seconds": wait})
        return Verification(wait_seconds=wait, failures=failure_count(user))
    for device in devices:
        if device.verify_token(token):
            for other in devices:
                if other is not device and other.throttling_failure_count:
                    other.throttle_reset()
            otp_login(request, device)
            trail.record("account.otp_verified", target=user, details={"device": device.name})
            return Verification(ok=True)
    count = failure_count(user)
    locked = count >= settings.OTP_MAX_FAILURES
    trail.record(
        "account.otp_locked_out" if locked else "account.otp_failed", target=user, details={"failures": count}
    )
    return Verification(locked=locked, failures=count)


@transaction.atomic
def reset(user):
    """Remove every device of a user (IT's remedy for a lost phone or a
    lock-out): the next sign-in starts enrolment again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    trail.record("account.otp_reset", target=user)
