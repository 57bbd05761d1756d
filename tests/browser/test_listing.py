"""In a real browser: a section's listing filtered by type, then paged,
keeps its filter, and the pager and count read in Chinese."""

import pytest

from home.factories import DocumentPageFactory, PolicyPageFactory, SectionPageFactory
from home.listing import PER_PAGE
from portal.access.levels import Level
from portal.accounts import two_factor

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_filtered_section_listing_pages_through_its_records(
    page, live_server, home_page, department, staff, screenshot
):
    section = SectionPageFactory(
        parent=home_page,
        title="行政办公室",
        slug="office",
        department=department,
        confidentiality=Level.PUBLIC,
    )
    for number in range(PER_PAGE + 2):
        PolicyPageFactory(
            parent=section, department=department, title=f"行政管理制度第{number + 1}号", slug=f"p{number}"
        )
    DocumentPageFactory(parent=section, department=department, title="关于年度考核的通知", slug="notice")
    sign_in(page, live_server, staff, two_factor.issue_backup_codes(staff)[0])
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}{section.url}")
    assert f"共 {PER_PAGE + 3} 条" in page.locator(".listing-count").inner_text()
    page.select_option("select[name=type]", "policypage")
    page.click(".listing-filters button[type=submit]")
    page.wait_for_url("**type=policypage**")
    assert f"共 {PER_PAGE + 2} 条" in page.locator(".listing-count").inner_text()
    assert "第 1 页，共 2 页" in page.locator(".pager").inner_text()
    screenshot("section-listing-page-1")

    page.get_by_role("link", name="下一页").click()
    page.wait_for_url("**page=2**")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 2 and "关于年度考核的通知" not in page.locator("table.listing").inner_text()
    assert page.locator("select[name=type]").input_value() == "policypage", "the filter is kept"
    assert page.csp_violations == []
    screenshot("section-listing-page-2")
