"""Django's own refusals and errors (400, 404, 403, the CSRF refusal, 500) speak
the user's Chinese in the portal's chrome, and say what to do."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation
from django.views import defaults

from portal.script import to_display

CHROME = ('class="site-header"', "site-name__mark")
SITE_NAME = {"zh-hans": "留痕记录门户", "zh-hant": "留痕記錄門戶"}
HEADINGS = {
    "400": {"zh-hans": "门户无法识别此请求", "zh-hant": "門戶無法識別此請求"},
    "404": {"zh-hans": "页面不存在", "zh-hant": "頁面不存在"},
    "403": {"zh-hans": "您无权打开此页面", "zh-hant": "您無權開啟此頁面"},
    "csrf": {"zh-hans": "表单未能提交", "zh-hant": "表單未能送出"},
    "500": {"zh-hans": "服务器出现问题", "zh-hant": "伺服器出現問題"},
}
LANGUAGES = ["zh-hans", "zh-hant"]


def _in_chrome(html, language, page):
    for mark in CHROME:
        assert mark in html, (page, mark)
    assert SITE_NAME[language] in html
    assert HEADINGS[page][language] in html
    for english in ("Forbidden", "CSRF", "Not Found", "Server Error", "Bad Request"):
        assert english not in html, (page, english)


def _client_in(language, user, verified_client):
    client = verified_client(user)
    client.post("/accounts/language/", {"language": language, "next": "/"})
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_address_says_so_in_the_users_chinese(language, staff, home_page, verified_client):
    response = _client_in(language, staff, verified_client).get("/no-such-record/")
    assert response.status_code == 404
    html = response.content.decode()
    _in_chrome(html, language, "404")
    # The signed-in header (the way on is there), the name as a 繁體 reader reads it.
    with translation.override(language):
        assert to_display(staff.display_name) in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_damaged_request_says_so_in_the_users_chinese(language, staff, rf):
    from django.core.exceptions import SuspiciousOperation

    request = rf.get("/somewhere/")
    request.user = staff
    with translation.override(language):
        response = defaults.bad_request(request, SuspiciousOperation())
    assert response.status_code == 400
    _in_chrome(response.content.decode(), language, "400")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refusal_says_so_in_the_users_chinese(language, staff, rf):
    request = rf.get("/somewhere/")
    request.user = staff
    with translation.override(language):
        response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    _in_chrome(response.content.decode(), language, "403")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_expired_form_is_explained_in_the_users_chinese(language, staff, home_page, verified_client):
    client = _client_in(language, staff, verified_client)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    response = strict.post("/accounts/language/", {"language": "en", "next": "/"})
    assert response.status_code == 403
    html = response.content.decode()
    _in_chrome(html, language, "csrf")
    assert "没有保存" in html or "沒有儲存" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_server_error_page_needs_no_database(language, rf):
    """No ``django_db`` mark: any query here would fail the test."""
    with translation.override(language):
        response = defaults.server_error(rf.get("/"))
    assert response.status_code == 500
    _in_chrome(response.content.decode(), language, "500")
