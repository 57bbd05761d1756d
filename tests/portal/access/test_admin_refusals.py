"""A refusal inside the admin returns the user to where they were, says why,
and offers the access request form where asking would help; it is sealed
as before."""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.trail.models import Event

pytestmark = pytest.mark.django_db


def errors(response):
    return [str(m).strip() for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]


@pytest.fixture
def others_record(home_page, other_department):
    return SectionPageFactory(
        parent=home_page, title="财务报销制度", department=other_department, confidentiality=Level.PUBLIC
    )


def test_a_record_one_reads_but_may_not_change_sends_back_with_why(
    others_record, home_page, staff, verified_client
):
    listing = f"http://testserver/admin/pages/{home_page.pk}/"
    response = verified_client(staff).get(
        reverse("wagtailadmin_pages:edit", args=[others_record.pk]), HTTP_REFERER=listing
    )
    assert response.status_code == 302 and response.url == listing
    (message,) = errors(response)
    assert "您可以阅读“财务报销制度”，但不能修改" in message
    assert Event.objects.filter(action="request.refused", actor=staff).count() == 1


def test_without_a_page_to_go_back_to_the_listing_it_is_in(others_record, home_page, staff, verified_client):
    for came_from in (
        "",
        "https://evil.example/admin/",
        f"http://testserver/admin/pages/{others_record.pk}/edit/",
    ):
        response = verified_client(staff).get(
            reverse("wagtailadmin_pages:edit", args=[others_record.pk]), HTTP_REFERER=came_from
        )
        assert response.url == reverse("wagtailadmin_explore", args=[home_page.pk]), came_from
        assert errors(response)


def test_a_part_of_the_admin_outside_ones_role_says_so(staff, verified_client):
    response = verified_client(staff).get(
        reverse("wagtailusers_users:index"), HTTP_REFERER="http://testserver/admin/"
    )
    assert response.url == "http://testserver/admin/"
    assert errors(response) == ["您的角色不包括这部分管理功能，无法打开。"]


def test_a_record_one_may_not_read_offers_the_access_request(
    home_page, other_department, staff, verified_client
):
    secret = SectionPageFactory(
        parent=home_page, title="薪酬调整方案", department=other_department, confidentiality=Level.INTERNAL
    )
    came_from = f"http://testserver/admin/pages/{home_page.pk}/"
    response = verified_client(staff).get(
        reverse("wagtailadmin_pages:edit", args=[secret.pk]), HTTP_REFERER=came_from
    )
    assert response.status_code == 302 and response.url == came_from
    html = verified_client(staff).get(came_from).content.decode()  # a fresh session: nothing to show
    assert "薪酬调整方案" not in html
    (message,) = errors(response)
    assert "薪酬调整方案" not in message and "“内部”" in message
    assert "/access/request/?type=" in message and f"id={secret.pk}" in message
    assert Event.objects.filter(action="access.refused", actor=staff, target_id=str(secret.pk)).exists()
