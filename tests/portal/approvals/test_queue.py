"""What awaits an approver: the queue, the dashboard panel, the inbox, and
the e-mail when a step starts."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from wagtail.models import TaskState

from home.factories import SectionPageFactory
from portal.approvals.setup import HEAD_THEN_LEADERSHIP
from portal.inbox import PendingItem, pending_items

from .conftest import action_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(home_page, department, staff, department_head, submit, verified_client):
    """Two pages at the leadership step, the older one submitted first."""
    pages = []
    for title, days in (("新制度", 1), ("旧制度", 3)):
        page = SectionPageFactory(parent=home_page, title=title, department=department, owner=staff)
        submit(page, staff, HEAD_THEN_LEADERSHIP)
        verified_client(department_head).post(action_url(page, "approve"), {"text": "同意。"})
        page.refresh_from_db()
        TaskState.objects.filter(pk=page.current_workflow_task_state.pk).update(
            started_at=timezone.now() - datetime.timedelta(days=days)
        )
        pages.append(page)
    return pages


def test_queue_lists_oldest_first_with_time_waited(waiting, leader, verified_client):
    response = verified_client(leader).get(reverse("approvals:queue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("旧制度") < html.index("新制度")
    now = timezone.now()
    waited = [timesince(now - datetime.timedelta(days=days)) for days in (3, 1)]
    assert re.findall(r'class="approvals-waited">([^<]*)<', html) == waited


def test_queue_of_someone_with_nothing_to_approve(waiting, department_head, verified_client):
    html = verified_client(department_head).get(reverse("approvals:queue")).content.decode()
    assert "旧制度" not in html and "新制度" not in html


def test_dashboard_panel_and_inbox(waiting, leader, verified_client):
    html = verified_client(leader).get(reverse("wagtailadmin_home")).content.decode()
    assert "pending-items-heading" in html and "旧制度" in html
    assert "awaiting-review" not in html  # Wagtail's own panel, replaced
    items = pending_items(leader)
    assert [(i.kind, i.title) for i in items] == [
        (PendingItem.APPROVE, "旧制度"),
        (PendingItem.APPROVE, "新制度"),
    ]
    assert items[0].since < items[1].since


def test_approvers_are_mailed_when_a_step_starts(
    page, staff, department_head, leader, submit, verified_client
):
    department_head.email, leader.email = "zhaomin@example.com", "wang@example.com"
    department_head.save()
    leader.save()
    submit(page, staff, HEAD_THEN_LEADERSHIP)
    assert [m.to for m in mail.outbox] == [["zhaomin@example.com"]]
    assert "办公用品领用制度" in mail.outbox[0].body
    mail.outbox.clear()
    verified_client(department_head).post(action_url(page, "approve"), {"text": "同意。"})
    assert ["wang@example.com"] in [m.to for m in mail.outbox]
    assert ["zhaomin@example.com"] not in [m.to for m in mail.outbox]
