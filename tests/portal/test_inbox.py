"""The per-user inbox: circulated records to read, on the front end (/inbox/
and the home page) and on the admin dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail import hooks

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.inbox import PendingItem, pending_items, timing_label
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
    assert html.count('class="overdue-note"') == 1
    assert "Due in 1 day" in html or "Due today" in html


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


def test_the_most_urgent_items_come_first(staff):
    now = timezone.now()
    days = datetime.timedelta(days=1)

    def item(title, since, due=None):
        return PendingItem(kind=PendingItem.READ, title=title, url="/", since=now - since * days, due=due)

    items = [
        item("later", 9, now + 5 * days),
        item("long waiting", 20),
        item("overdue", 1, now - 2 * days),
        item("soon", 1, now + 1 * days),
        item("just arrived", 0),
        item("overdue longest", 3, now - 3 * days),
    ]
    with hooks.register_temporarily("liuhen_pending_items", lambda user: items):
        ordered = [i.title for i in pending_items(staff)]
    assert ordered == ["overdue longest", "overdue", "soon", "later", "long waiting", "just arrived"]


@pytest.mark.parametrize(
    ("due_days", "since_days", "label"),
    [
        (3, 0, "Due in 3 days"),
        (1, 0, "Due in 1 day"),
        (-2, 5, "Overdue by 2 days"),
        (None, 4, "Waiting for 4 days"),
        (None, 0, "Waiting since today"),
    ],
)
def test_timing_is_said_in_days_both_ways(due_days, since_days, label):
    noon = timezone.localtime().replace(hour=12, minute=0)
    days = datetime.timedelta(days=1)
    due = noon + due_days * days if due_days is not None else None
    with translation.override("en"):
        assert timing_label(due, noon - since_days * days, now=noon) == label
    with translation.override("zh-hans"):
        assert timing_label(due, noon - since_days * days, now=noon) != label
