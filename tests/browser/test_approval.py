"""In a real browser: a drafter submits a policy for approval, the department
head agrees, a leader signs in with a one-time code from an authenticator app
and agrees in the editor; the policy is published, its approval sheet lists
every opinion, and the policy library shows it in force."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Workflow, WorkflowPage

from home.factories import PolicyLibraryPageFactory, PolicyPageFactory, SectionPageFactory
from home.models import PolicyPage
from portal.access.levels import Level
from portal.accounts import two_factor
from portal.approvals import demo as approvals
from portal.approvals.models import ApprovalOpinion
from portal.approvals.models.tasks import APPROVE
from portal.approvals.setup import HEAD_THEN_LEADERSHIP

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def authenticator_code(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_policy_goes_from_draft_through_approval_to_the_library(
    page, live_server, home_page, department, staff, department_head, leader, screenshot
):
    section = SectionPageFactory(parent=home_page, title="制度", department=department)
    WorkflowPage.objects.update_or_create(
        page=section, defaults={"workflow": Workflow.objects.get(name=HEAD_THEN_LEADERSHIP)}
    )
    PolicyLibraryPageFactory(parent=home_page, title="制度库", slug="library", department=department)
    policy = PolicyPageFactory(
        parent=section,
        title="印章使用管理制度",
        number="ZD-2026-031",
        department=department,
        owner=staff,
        confidentiality=Level.PUBLIC,
        live=False,
        publish=False,
    )

    # The drafter submits the draft from the editor's action menu.
    sign_in(page, live_server, staff, two_factor.issue_backup_codes(staff)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/{policy.pk}/edit/")
    page.locator("footer .w-dropdown-button [data-w-dropdown-target='toggle']").click()
    page.click("button[name=action-submit]")
    page.wait_for_url("**/admin/pages/*/")
    assert PolicyPage.objects.get(pk=policy.pk).current_workflow_state is not None

    approvals.act(policy, department_head, APPROVE, "同意，报公司领导审批。")

    # The leader signs in with an authenticator code, finds the policy in
    # the queue and agrees in the editor.
    page.context.clear_cookies()
    sign_in(page, live_server, leader, authenticator_code(leader))
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/approvals/queue/")
    row = page.locator("table.listing tbody tr", has_text="印章使用管理制度")
    assert "公司领导审批" in row.inner_text()
    row.get_by_role("link", name="印章使用管理制度").click()
    page.wait_for_url(f"**/admin/pages/{policy.pk}/edit/")
    page.locator("footer .w-dropdown-button [data-w-dropdown-target='toggle']").click()
    page.locator("footer button[data-workflow-action-name=approve]").click()
    modal = page.locator(".modal")
    modal.locator("textarea[name=text]").fill("同意发布。")
    screenshot("approval-leader-opinion")
    modal.locator("button[type=submit]").click()
    # Wagtail publishes on the last agreement and leaves the editor.
    page.wait_for_url(lambda url: not url.endswith(f"/pages/{policy.pk}/edit/"))
    page.wait_for_load_state()
    policy.refresh_from_db()
    assert policy.live, "the last agreement publishes the policy"
    opinions = list(ApprovalOpinion.objects.filter(page_id=policy.pk).order_by("pk"))
    assert [(o.approver, o.text) for o in opinions] == [
        (department_head, "同意，报公司领导审批。"),
        (leader, "同意发布。"),
    ]

    page.goto(f"{live_server.url}/admin/approvals/sheet/{policy.pk}/")
    sheet = page.locator("body").inner_text()
    for text in ("印章使用管理制度", department_head.display_name, leader.display_name, "同意发布。"):
        assert text in sheet
    screenshot("approval-sheet")

    page.goto(f"{live_server.url}/library/")
    assert "印章使用管理制度" in page.locator("main").inner_text()
    screenshot("policy-library")
    assert page.csp_violations == []
