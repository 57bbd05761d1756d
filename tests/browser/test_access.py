"""In a real browser: a refused reader asks for access from the refusal
page, the department head approves in the admin, and the record opens."""

import pytest

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.access.models import AccessRequest
from portal.accounts import two_factor

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_refused_reader_requests_access_and_the_head_approves(
    page, live_server, home_page, department, other_department, staff, department_head, screenshot
):
    staff.department = other_department  # staff of another department
    staff.save()
    record = SectionPageFactory(
        parent=home_page,
        title="2026年度预算编制说明",
        intro="<p>预算编制的口径与时间表。</p>",
        department=department,
        confidentiality=Level.INTERNAL,
    )
    sign_in(page, live_server, staff, two_factor.issue_backup_codes(staff)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}{record.url}")
    assert page.locator("h1").inner_text() != record.title
    assert "预算编制的口径" not in page.content()
    screenshot("access-refused")

    page.locator(".refusal a.button").click()
    page.wait_for_url("**/access/request/**")
    page.fill("#id_reason", "编制本部门预算时需要参考。")
    page.click(".request-form button[type=submit]")
    page.wait_for_url("**/access/requests/")
    # Until the grant, the requester's list shows the record's level, not its title.
    assert "（密级：内部，无权查阅）" in page.locator("table.listing").inner_text()
    assert page.csp_violations == []

    page.context.clear_cookies()
    sign_in(page, live_server, department_head, two_factor.issue_backup_codes(department_head)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    access_request = AccessRequest.objects.get()
    page.goto(f"{live_server.url}/admin/access/requests/decide/{access_request.pk}/")
    assert "编制本部门预算时需要参考" in page.content()
    page.locator("input[name=decision][value=approve]").check()
    page.fill("#id_opinion", "同意，仅限本人查阅。")
    screenshot("access-decide")
    page.locator("footer button[type=submit]").click()
    page.wait_for_url("**/admin/access/requests/inspect/**")
    assert page.csp_violations == []

    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.APPROVED
    page.context.clear_cookies()
    sign_in(page, live_server, staff, two_factor.issue_backup_codes(staff)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}{record.url}")
    assert "预算编制的口径" in page.content()
