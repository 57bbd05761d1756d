import pytest
from playwright.sync_api import expect

from home.factories import SectionPageFactory
from portal.accounts import two_factor
from portal.accounts.factories import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user, code):
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click(".signin-card button[type=submit]")
    page.wait_for_url("**/two-factor/verify/**")
    page.fill("#id_token", code)
    page.click(".signin-card button[type=submit]")


def test_sign_in_with_a_backup_code_shows_the_chinese_dashboard(
    page, live_server, leader, home_page, screenshot
):
    codes = two_factor.issue_backup_codes(leader)
    sign_in(page, live_server, leader, codes[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "仪表板" in page.title() or "控制面板" in page.content()
    screenshot("admin-dashboard-zh-hans")
    assert page.csp_violations == []


def test_admin_works_under_the_enforced_csp(page, live_server, leader, home_page, department, screenshot):
    """The page editor's scripts (sidebar, tabs, rich text, choosers) run under
    the policy: a section is created and submitted entirely in the browser."""
    codes = two_factor.issue_backup_codes(leader)
    sign_in(page, live_server, leader, codes[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/add/home/sectionpage/{home_page.pk}/")
    page.fill("#id_title", "财务部")
    page.locator("#id_intro").locator("xpath=..").locator("[contenteditable=true]").first.fill(
        "财务部的制度和公文。"
    )
    # The department is picked in Wagtail's snippet chooser modal.
    page.locator(
        "#id_department-chooser [data-chooser-action-choose], [data-chooser-action-choose]"
    ).first.click()
    page.locator(".modal").get_by_role("link", name=department.name).click()
    # Playwright's own assertion: a string predicate would be eval'd, which the policy forbids.
    expect(page.locator("#id_department")).to_have_value(str(department.pk))
    # Submitting sits in Wagtail's JavaScript dropdown (no role publishes directly).
    page.locator("footer .w-dropdown-button [data-w-dropdown-target='toggle']").click()
    page.click("button[name=action-submit]")
    page.wait_for_url("**/admin/pages/*/")
    screenshot("admin-submitted-section")
    assert page.csp_violations == []

    from home.models import SectionPage

    section = SectionPage.objects.get(title="财务部")
    assert section.current_workflow_state is not None and not section.live
    assert "财务部的制度和公文" in section.intro


def test_front_end_home_page_in_chinese(page, live_server, staff, home_page, department, screenshot):
    SectionPageFactory(parent=home_page, title="行政办公室", department=department, show_in_menus=True)
    codes = two_factor.issue_backup_codes(staff)
    sign_in(page, live_server, staff, codes[0])
    page.goto(f"{live_server.url}/")
    assert page.locator("h2#pending-heading").inner_text() == "我的待办"
    assert page.locator(".global-sections").get_by_text("行政办公室").is_visible()
    screenshot("front-end-home")
    assert page.csp_violations == []
