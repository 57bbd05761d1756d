"""The per-user inbox: circulated records to read, on the front end (/inbox/
and the home page) and on the admin dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.inbox import PendingItem, pending_items
from registers.models import Circulation
from registers.services import circulation as service
from tests.registers.conftest import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(home_page, department, department_head):
    def make(title):
        return SectionPageFactory(
            parent=home_page,
            title=title,
            department=department,
            confidentiality=Level.INTERNAL,
            owner=department_head,
        )

    return make("档案检查通知"), make("安全生产制度")


def send(page, sender, recipients, hours=None):
    deadline = timezone.now() + datetime.timedelta(hours=hours) if hours else None
    return service.circulate(page, sender, recipients=recipients, deadline=deadline, instruction="请阅")


def test_each_unread_circulation_is_an_item_to_read(records, department_head, staff):
    first, second = records
    late = send(first, department_head, [staff], hours=5)
    send(second, department_head, [staff])
    items = pending_items(staff)
    assert [(i.kind, i.title, i.url) for i in items] == [
        (PendingItem.READ, first.title, first.url),
        (PendingItem.READ, second.title, second.url),
    ]
    assert items[0].due == late.deadline and items[0].since == late.created_at and items[1].due is None
    assert pending_items(department_head) == []

    service.record_read(first, staff)
    assert [i.title for i in pending_items(staff)] == [second.title]


def test_records_the_reader_may_no_longer_open_leave_the_inbox(records, department_head, staff):
    first, _second = records
    send(first, department_head, [staff])
    first.confidentiality = Level.SECRET
    first.save_revision().publish()
    assert pending_items(staff) == []


def test_the_inbox_page_lists_items_and_marks_the_overdue(records, department_head, staff, verified_client):
    in_english(staff)
    first, second = records
    late = send(first, department_head, [staff], hours=5)
    Circulation.objects.filter(pk=late.pk).update(deadline=timezone.now() - datetime.timedelta(hours=1))
    send(second, department_head, [staff], hours=30)
    response = verified_client(staff).get(reverse("inbox:index"))
    html = response.content.decode()
    assert response.status_code == 200 and "My pending items" in html
    assert f'href="{first.url}"' in html and f'href="{second.url}"' in html
    first_row = html.split(first.title)[0].rsplit("<tr", 1)[1]
    second_row = html.split(second.title)[0].rsplit("<tr", 1)[1]
    assert 'class="overdue"' in first_row and "overdue" not in second_row
    assert html.count("Overdue") == 1


def test_the_inbox_needs_a_signed_in_user(client):
    response = client.get(reverse("inbox:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_empty_inbox_says_so(staff, verified_client):
    in_english(staff)
    assert (
        "Nothing is waiting for you." in verified_client(staff).get(reverse("inbox:index")).content.decode()
    )


def test_the_home_page_and_the_dashboard_list_the_items(
    records, home_page, department_head, staff, verified_client
):
    in_english(staff)
    first, _second = records
    send(first, department_head, [staff], hours=30)
    client = verified_client(staff)
    assert first.title in client.get(home_page.url).content.decode()
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "My pending items" in dashboard and first.title in dashboard and f'href="{first.url}"' in dashboard
    assert "To read" in dashboard and reverse("inbox:index") in dashboard
