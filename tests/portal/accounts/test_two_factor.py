import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts import two_factor
from portal.accounts.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ENROL = reverse("accounts:enrol")
VERIFY = reverse("accounts:verify")


def current_code(device):
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(6)


def sign_in(client, user, next_url="/admin/"):
    return client.post(f"{LOGIN}?next={next_url}", {"username": user.username, "password": DEMO_PASSWORD})


def test_sign_in_then_enrol_then_admin(staff):
    client = Client()
    response = sign_in(client, staff)
    assert response.status_code == 302

    # Signed in with a password only: the admin sends the user to enrol.
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(ENROL)

    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html, "the QR code is rendered by the server as inline SVG"
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert two_factor.secret_for_manual_entry(device) in html

    wrong = client.post(response.url, {"token": "000000" if current_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "验证码不正确" in wrong.content.decode()
    # Right away, even the right code waits out the throttle…
    throttled = client.post(response.url, {"token": current_code(device)})
    assert "秒后再试" in throttled.content.decode()
    # …which has passed a few seconds later.
    device.refresh_from_db()
    device.throttling_failure_timestamp -= timedelta(seconds=5)
    device.save()

    confirmed = client.post(response.url, {"token": current_code(device)})
    assert confirmed.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", confirmed.content.decode())
    assert len(codes) == two_factor.BACKUP_CODE_COUNT
    device.refresh_from_db()
    assert device.confirmed

    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200


def test_user_with_device_is_sent_to_verify_and_admin_opens_after_code(staff):
    codes = two_factor.issue_backup_codes(staff)
    client = Client()
    sign_in(client, staff)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)

    response = client.post(response.url, {"token": codes[0]})
    assert response.status_code == 302
    assert response.url == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_backup_code_works_only_once(staff):
    codes = two_factor.issue_backup_codes(staff)
    first = Client()
    sign_in(first, staff)
    assert first.post(VERIFY, {"token": codes[0]}).status_code == 302
    assert not StaticToken.objects.filter(token=codes[0]).exists()

    second = Client()
    sign_in(second, staff)
    response = second.post(VERIFY, {"token": codes[0]})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert second.get("/admin/").status_code == 302


def test_wrong_codes_are_throttled_even_before_the_right_one(staff):
    codes = two_factor.issue_backup_codes(staff)
    client = Client()
    sign_in(client, staff)
    client.post(VERIFY, {"token": "wrongcode"})
    # The next attempt comes within the throttle delay: refused with a wait,
    # even though the code is right.
    response = client.post(VERIFY, {"token": codes[1]})
    assert response.status_code == 200
    assert "秒后再试" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_lock_out_after_too_many_wrong_codes(staff, settings):
    settings.OTP_MAX_FAILURES = 3
    codes = two_factor.issue_backup_codes(staff)
    device = staff.staticdevice_set.get()
    device.throttling_failure_count = 3
    device.save()
    client = Client()
    sign_in(client, staff)
    response = client.post(VERIFY, {"token": codes[0]})
    assert response.status_code == 403
    assert "已锁定" in response.content.decode()
    assert "信息技术部门" in response.content.decode()

    two_factor.reset(staff)
    assert not two_factor.has_device(staff)


def test_repeated_failed_passwords_lock_sign_in(staff, settings):
    settings.SIGNIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        response = client.post(LOGIN, {"username": staff.username, "password": "not-the-password"})
        assert "用户名或密码不正确" in response.content.decode()
    # The right password is refused now, with a clear message.
    response = sign_in(client, staff)
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_everything_but_sign_in_requires_a_signed_in_user(home_page):
    client = Client()
    for url in ["/", "/admin/", "/search/?q=x", "/documents/1/x.pdf", "/media/original_images/x.png"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(LOGIN), url
    assert client.get(LOGIN).status_code == 200


def test_front_end_requires_verified_session(staff, home_page):
    two_factor.issue_backup_codes(staff)
    client = Client()
    sign_in(client, staff, next_url="/")
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_next_cannot_send_the_user_to_another_site(staff):
    codes = two_factor.issue_backup_codes(staff)
    client = Client()
    sign_in(client, staff)
    response = client.post(f"{VERIFY}?next=https://evil.example/", {"token": codes[0]})
    assert response.status_code == 302
    assert response.url == "/"
