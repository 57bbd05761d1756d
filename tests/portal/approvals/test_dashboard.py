"""The admin dashboard lists each pending item once, approvals with their
opinions in place; a record's editor shows 审批单, 传阅 and 传阅状态 as
buttons in its header, not in the header's "···" menu."""

import re

import pytest
from django.urls import reverse

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.approvals.setup import HEAD_THEN_LEADERSHIP
from registers.services import circulation

from .conftest import action_url

pytestmark = pytest.mark.django_db


def header_of(html):
    """The editor's header, with the "···" menu cut out of it."""
    header = re.search(r'<header class="w-slim-header.*?</header>', html, re.S).group(0)
    menu = re.search(r'<div[^>]*data-controller="w-dropdown".*', header, re.S)
    return header[: menu.start()] if menu else header, menu.group(0) if menu else ""


def test_the_dashboard_lists_an_approval_once_with_its_opinions(
    page, staff, department_head, leader, submit, verified_client
):
    submit(page, staff, HEAD_THEN_LEADERSHIP)
    verified_client(department_head).post(action_url(page, "approve"), {"text": "同意。"})
    html = verified_client(leader).get(reverse("wagtailadmin_home")).content.decode()
    assert html.count(f'href="/admin/pages/{page.pk}/edit/"') == 1
    assert html.count('id="pending-items-heading"') == 1 and "awaiting-review" not in html
    page.refresh_from_db()
    act = reverse("approvals:act", args=[page.current_workflow_task_state.pk, "approve"])
    assert f'action="{act}"' in html and 'name="next" value="/admin/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_record_editor_shows_its_everyday_buttons_in_the_header(
    home_page, department, staff, department_head, leader, submit, verified_client
):
    record = SectionPageFactory(
        parent=home_page,
        title="安全生产制度",
        department=department,
        confidentiality=Level.INTERNAL,
        owner=staff,
    )
    circulation.circulate(record, department_head, recipients=[staff], instruction="请阅")
    submit(record, staff)  # a new version, awaiting the head
    html = verified_client(department_head).get(reverse("wagtailadmin_pages:edit", args=[record.pk])).content
    visible, menu = header_of(html.decode())
    for url in (
        reverse("approvals:sheet", args=[record.pk]),
        reverse("circulations:circulate", args=[record.pk]),
        reverse("circulations:status", args=[record.pk]),
    ):
        assert re.search(
            rf'<a[^>]*href="{re.escape(url)}"[^>]*class="[^"]*w-header-button', visible
        ) or re.search(rf'<a[^>]*class="[^"]*w-header-button[^"]*"[^>]*href="{re.escape(url)}"', visible), url
        assert url not in menu
    for label in ("审批单", "传阅", "传阅状态"):
        assert label in visible


def test_the_trail_status_speaks_to_users_and_folds_the_details_away(leader, verified_client):
    import io

    from django.core.management import call_command

    call_command("trail", "verify", stdout=io.StringIO())
    html = verified_client(leader).get(reverse("wagtailadmin_home")).content.decode()
    panel = re.search(r'<section[^>]*id="trail-status-section".*?</section>', html, re.S).group(0)
    before_details, details = panel.replace("\xa0", " ").split("<details", 1)
    assert "完好" in before_details and "最近校验于 0 分钟前（" in before_details
    assert "python manage.py" not in before_details and "python manage.py trail verify" in details
    assert "链头哈希值" in details
