"""In a real browser, approving where the step is listed: a department head
agrees from 待我审批 with an opinion typed in the dialog; a leader agrees
from the home page's pending items. No script of the portal's runs for the
dialog (the HTML popover), and the page's policy is never broken."""

import pytest

from home.factories import DocumentPageFactory
from home.models import DocumentPage
from portal.access.levels import Level
from portal.accounts import two_factor
from portal.approvals import demo as approvals
from portal.approvals.models import ApprovalOpinion
from portal.approvals.models.tasks import APPROVE
from portal.approvals.setup import HEAD_ONLY, HEAD_THEN_LEADERSHIP

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def document(home_page, department, staff, title, number, level):
    return DocumentPageFactory(
        parent=home_page,
        title=title,
        department=department,
        confidentiality=level,
        document_number=number,
        drafter=staff,
        owner=staff,
        publish=False,
    )


def agree_in_the_dialog(page, row, text):
    row.get_by_role("button", name="同意", exact=True).click()
    dialog = page.locator(".approval-dialog:popover-open")
    dialog.locator("textarea[name=text]").fill(text)
    return dialog


def test_a_head_agrees_in_place_from_the_queue(
    page, live_server, home_page, department, staff, department_head, screenshot
):
    record = document(
        home_page, department, staff, "关于调整夏季作息时间的通知", "〔2026〕行字第018号", Level.INTERNAL
    )
    approvals.submit(record, staff, HEAD_ONLY)

    sign_in(page, live_server, department_head, two_factor.issue_backup_codes(department_head)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    # The record's editor shows its 审批单 in the header, not in the "···" menu.
    page.goto(f"{live_server.url}/admin/pages/{record.pk}/edit/")
    assert page.locator("header a.w-header-button", has_text="审批单").is_visible()
    screenshot("record-header-buttons")
    page.goto(f"{live_server.url}/admin/approvals/queue/")
    row = page.locator("tr.approvals-queue__row", has_text="关于调整夏季作息时间的通知")
    for fact in ("公文", "〔2026〕行字第018号", "行政办公室", "内部", "孙丽", "部门负责人审批"):
        assert fact in row.inner_text()
    assert row.get_by_role("button", name="修改意见").is_visible()
    assert row.get_by_role("button", name="不同意").is_visible()
    assert row.get_by_role("link", name="审批单").is_visible()
    dialog = agree_in_the_dialog(page, row, "同意印发，请按时执行。")
    assert dialog.is_visible()
    screenshot("approvals-queue-inline")
    dialog.get_by_role("button", name="同意").click()

    page.wait_for_url(f"{live_server.url}/admin/approvals/queue/")
    assert "您已同意“关于调整夏季作息时间的通知”" in page.locator(".messages").inner_text()
    assert "关于调整夏季作息时间的通知" not in page.locator("main").inner_text().replace(
        page.locator(".messages").inner_text(), ""
    )
    opinion = ApprovalOpinion.objects.get(page_id=record.pk)
    assert (opinion.approver_id, opinion.opinion, opinion.text) == (
        department_head.pk,
        "agree",
        "同意印发，请按时执行。",
    )
    assert DocumentPage.objects.get(pk=record.pk).live
    assert page.csp_violations == []


def test_a_leader_agrees_from_the_home_page(
    page, live_server, home_page, department, staff, department_head, leader, screenshot
):
    record = document(
        home_page, department, staff, "关于年度预算编制的报告", "〔2026〕行字第021号", Level.SECRET
    )
    approvals.submit(record, staff, HEAD_THEN_LEADERSHIP)
    approvals.act(record, department_head, APPROVE, "同意，报公司领导审批。")

    sign_in(page, live_server, leader, two_factor.issue_backup_codes(leader)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    # The dashboard lists the step once, with its opinions.
    assert page.locator("a", has_text="关于年度预算编制的报告").count() == 1
    screenshot("dashboard-pending-once")
    page.goto(f"{live_server.url}/")
    # Wherever the home page lists it, the item carries its opinions.
    item = page.locator(
        ".approval-actions", has=page.locator(".approval-dialog__heading", has_text="关于年度预算编制的报告")
    )
    dialog = agree_in_the_dialog(page, item, "同意。")
    screenshot("workbench-leader-approve")
    dialog.get_by_role("button", name="同意").click()

    page.wait_for_url(f"{live_server.url}/")
    assert "您已同意“关于年度预算编制的报告”" in page.content()
    assert DocumentPage.objects.get(pk=record.pk).live
    assert ApprovalOpinion.objects.filter(page_id=record.pk, approver=leader, opinion="agree").exists()
    assert page.csp_violations == []
