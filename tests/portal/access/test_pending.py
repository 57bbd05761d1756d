"""An access request waits in its decider's pending items (the home page's
我的待办, the inbox, the dashboard) until it is decided."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.access.services import grants
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.inbox import PendingItem, pending_items
from tests.registers.conftest import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def requester(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="周晴")


def ask(requester, record):
    now = timezone.now()
    return grants.request_access(
        requester,
        reason="编制预算时需要参考",
        starts_at=now,
        ends_at=now + datetime.timedelta(days=5),
        record=record,
    )


def record_of(home_page, department, level):
    return SectionPageFactory(
        parent=home_page, title="2026年度预算编制说明", department=department, confidentiality=level
    )


def test_a_secret_records_request_waits_for_leadership_until_decided(
    home_page, department, requester, leader, department_head, verified_client
):
    access_request = ask(requester, record_of(home_page, department, Level.SECRET))
    items = pending_items(leader)
    assert [(i.kind, i.url) for i in items] == [
        (PendingItem.APPROVE, reverse("access_requests:decide", args=[access_request.pk]))
    ]
    assert "2026年度预算编制说明" in items[0].title and "周晴" in items[0].detail
    assert "编制预算时需要参考" in items[0].detail
    assert pending_items(department_head) == [] and pending_items(requester) == []

    in_english(leader)
    html = verified_client(leader).get(home_page.url).content.decode()
    assert "Access request: 2026年度预算编制说明" in html

    grants.decide(access_request, leader, approve=False, opinion="不同意")
    assert pending_items(leader) == []


def test_an_internal_records_request_waits_for_the_departments_head(
    home_page, department, requester, leader, department_head
):
    ask(requester, record_of(home_page, department, Level.INTERNAL))
    assert [i.kind for i in pending_items(department_head)] == [PendingItem.APPROVE]
    assert pending_items(leader) == []
