"""In a real browser printing to A4: the approval sheet (审批单) of a secret
document carries 密级★保密期限 at the top left, the issuing department in
red with the document number under it above the red line, the title, and
the imprint; the print button works without inline script (CSP)."""

import pytest
from wagtail.models import Workflow, WorkflowPage

from home.factories import DocumentPageFactory, SectionPageFactory
from portal.access.levels import Level
from portal.accounts import two_factor
from portal.approvals import demo as approvals
from portal.approvals.models.tasks import APPROVE, REQUEST_CHANGES
from portal.approvals.setup import HEAD_THEN_LEADERSHIP

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MM = 96 / 25.4  # CSS pixels per millimetre


def test_the_printed_approval_sheet_of_a_secret_document(
    page, live_server, home_page, department, staff, department_head, leader, screenshot
):
    section = SectionPageFactory(parent=home_page, title="公文", department=department)
    WorkflowPage.objects.update_or_create(
        page=section, defaults={"workflow": Workflow.objects.get(name=HEAD_THEN_LEADERSHIP)}
    )
    document = DocumentPageFactory(
        parent=section,
        title="关于调整二〇二六年度薪酬结构的通知",
        document_number="行政〔2026〕3号",
        department=department,
        owner=staff,
        drafter=staff,
        confidentiality=Level.SECRET,
        confidentiality_term="1年",
        live=False,
        publish=False,
    )
    approvals.submit(document, staff, HEAD_THEN_LEADERSHIP)
    approvals.act(document, department_head, REQUEST_CHANGES, "请补充过渡期安排。")
    document.specific.save_revision(user=staff)
    document.current_workflow_state.resume(user=staff)
    approvals.act(document, department_head, APPROVE, "同意，报公司领导审批。")

    sign_in(page, live_server, leader, two_factor.issue_backup_codes(leader)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/approvals/sheet/{document.pk}/")
    assert page.locator("[data-print]").is_visible()  # the print button, on screen only
    # On screen the sheet is a sheet of A4 (210 mm wide at 96 dpi).
    assert abs(page.locator(".sheet").bounding_box()["width"] - 210 * MM) < 2
    screenshot("print-approval-sheet-screen")

    page.set_viewport_size({"width": round(210 * MM), "height": round(297 * MM)})
    page.emulate_media(media="print")
    assert not page.locator("[data-print]").is_visible()
    marks = page.locator(".official__classification")
    issuer = page.locator(".official__issuer")
    number = page.locator(".official__number")
    title = page.locator("h1")
    assert marks.inner_text() == "秘密★1年"
    assert issuer.inner_text() == "行政办公室" and number.inner_text() == "行政〔2026〕3号"
    # Top left, then the red department centred, the number under it, the red line, the title.
    mark_box, issuer_box, number_box, title_box = (x.bounding_box() for x in (marks, issuer, number, title))
    sheet_box = page.locator(".sheet").bounding_box()
    assert abs(mark_box["x"] - sheet_box["x"] - 28 * MM) < 2  # the 28 mm left margin
    assert abs(mark_box["y"] - sheet_box["y"] - 37 * MM) < 2 * MM  # the 37 mm top margin
    assert mark_box["y"] < issuer_box["y"] < number_box["y"] < title_box["y"]
    assert issuer.evaluate("e => getComputedStyle(e).color") == "rgb(230, 0, 18)"
    centre = sheet_box["x"] + 28 * MM + (210 - 28 - 26) * MM / 2
    assert abs(number_box["x"] + number_box["width"] / 2 - centre) < 4
    text = page.locator("main").inner_text()
    assert "请补充过渡期安排。" in text and "同意，报公司领导审批。" in text
    screenshot("print-approval-sheet-secret")
    assert page.csp_violations == []
