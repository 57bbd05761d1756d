"""Walk every admin URL that can be reversed without arguments: none of them
opens for a session that signed in with a password but no second factor."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from portal.accounts import two_factor
from portal.accounts.factories import DEMO_PASSWORD


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def admin_url_names():
    names = set()
    for name in _names(get_resolver().url_patterns):
        try:
            url = reverse(name)
        except NoReverseMatch:  # needs arguments
            continue
        if url.startswith("/admin/") and url != "/admin/login/":
            names.add(name)
    return sorted(names)


ADMIN_URL_NAMES = admin_url_names()


def test_the_walk_covers_the_admin():
    assert len(ADMIN_URL_NAMES) > 50
    assert "wagtailadmin_home" in ADMIN_URL_NAMES
    assert "wagtailadmin_explore_root" in ADMIN_URL_NAMES


@pytest.fixture
def half_signed_in(staff):
    two_factor.issue_backup_codes(staff)
    client = Client()
    client.post(reverse("accounts:login"), {"username": staff.username, "password": DEMO_PASSWORD})
    assert "_auth_user_id" in client.session
    return client


@pytest.mark.parametrize("name", ADMIN_URL_NAMES)
def test_admin_url_refuses_session_without_second_factor(half_signed_in, name):
    url = reverse(name)
    response = half_signed_in.get(url)
    assert response.status_code == 302, url
    assert response.url.startswith(reverse("accounts:verify")), url
