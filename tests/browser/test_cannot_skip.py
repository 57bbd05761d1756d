"""In a real browser: a department head opens a policy submitted to them
and finds no way to publish it — the action menu offers only the workflow's
actions — agrees, and the policy waits for the leadership; a leader then
agrees from 待我审批 and only that final approval publishes it."""

import pytest

from home.factories import PolicyPageFactory, SectionPageFactory
from portal.access.levels import Level
from portal.accounts import two_factor
from portal.approvals import demo as approvals
from portal.approvals.setup import HEAD_THEN_LEADERSHIP, LEADERSHIP_TASK

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENU = "footer .w-dropdown-button [data-w-dropdown-target='toggle']"


def _agree(page, text):
    page.locator(MENU).click()
    page.locator("footer button[data-workflow-action-name=approve]").click()
    modal = page.locator(".modal")
    modal.locator("textarea[name=text]").fill(text)
    modal.locator("button[type=submit]").click()


def test_a_head_sees_only_the_workflows_actions_and_a_leader_approves_from_the_queue(
    page, live_server, home_page, department, staff, department_head, leader, screenshot
):
    section = SectionPageFactory(parent=home_page, title="制度", department=department)
    policy = PolicyPageFactory(
        parent=section,
        title="公文处理办法",
        number="ZD-2026-040",
        department=department,
        owner=staff,
        confidentiality=Level.PUBLIC,
        live=False,
        first_published_at=None,
        last_published_at=None,
        publish=False,
    )
    approvals.submit(policy, staff, HEAD_THEN_LEADERSHIP)

    sign_in(page, live_server, department_head, two_factor.issue_backup_codes(department_head)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/{policy.pk}/edit/")
    page.locator(MENU).click()
    footer = page.locator("footer")
    assert footer.locator("button[name=action-publish]").count() == 0
    assert footer.locator("a[href$='/unpublish/']").count() == 0
    names = footer.locator("button[data-workflow-action-name]")
    assert sorted(names.evaluate_all("els => els.map(e => e.dataset.workflowActionName)")) == [
        "approve",
        "reject",
        "request_changes",
    ]
    screenshot("approval-head-sees-only-workflow-actions")
    page.keyboard.press("Escape")

    _agree(page, "同意，报公司领导审批。")
    page.wait_for_url(lambda url: not url.endswith(f"/pages/{policy.pk}/edit/"))
    policy.refresh_from_db()
    assert not policy.live, "the head's agreement is not the final approval"
    assert policy.current_workflow_task.name == LEADERSHIP_TASK

    page.context.clear_cookies()
    sign_in(page, live_server, leader, two_factor.issue_backup_codes(leader)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/approvals/queue/")
    row = page.locator("table.listing tbody tr", has_text="公文处理办法")
    assert LEADERSHIP_TASK in row.inner_text()
    row.get_by_role("link", name="公文处理办法").click()
    page.wait_for_url(f"**/admin/pages/{policy.pk}/edit/")
    _agree(page, "同意发布。")
    page.wait_for_url(lambda url: not url.endswith(f"/pages/{policy.pk}/edit/"))
    page.wait_for_load_state()
    policy.refresh_from_db()
    assert policy.live, "the final approval publishes"
    assert page.csp_violations == []
