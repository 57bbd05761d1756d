"""On a phone (375 px), in a real browser: this month's report with its key
figures; what is typed is kept while typing (brought back after a reload)
and saved as a draft when the phone leaves the page; one tap submits it,
and the chart of its figures is drawn beside the text."""

import time

import pytest

from portal.accounts import two_factor
from registers.models import MonthlyReport

from .conftest import ARTIFACTS
from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_the_monthly_report_on_a_phone_keeps_what_is_typed_and_submits_with_one_tap(
    phone, live_server, staff, home_page
):
    sign_in(phone, live_server, staff, two_factor.issue_backup_codes(staff)[0])
    phone.wait_for_url(f"{live_server.url}/admin/")
    phone.goto(f"{live_server.url}/reports/monthly/")
    assert phone.title().startswith("本月月报")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375, "nothing scrolls sideways"

    phone.fill("textarea[name=goals]", "完成档案系统二期接口，达成率 85%")
    phone.fill("input[name=figures-0-name]", "需求交付数")
    phone.fill("input[name=figures-0-target]", "12")
    phone.fill("input[name=figures-0-actual]", "10")
    phone.fill("input[name=figures-0-unit]", "个")
    phone.wait_for_timeout(600)  # the kept copy is written once typing pauses
    assert "需求交付数" in phone.evaluate("JSON.stringify(localStorage)")
    assert not MonthlyReport.objects.exists(), "kept in the browser only, so far"

    # The phone leaves the page (another app, the screen locked): the draft is saved.
    phone.evaluate(
        "Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    wait_for(lambda: MonthlyReport.objects.filter(state=MonthlyReport.State.DRAFT).exists())
    draft = MonthlyReport.objects.get()
    assert draft.goals.startswith("完成档案系统二期接口") and draft.figures.get().name == "需求交付数"

    # More is typed, then the signal is lost: the page opened again brings it back.
    phone.fill("textarea[name=progress]", "接口联调完成")
    phone.wait_for_timeout(600)
    phone = phone.context.new_page()
    phone.goto(f"{live_server.url}/reports/monthly/")
    assert phone.locator("textarea[name=progress]").input_value() == "接口联调完成"
    assert phone.locator("textarea[name=goals]").input_value() == "完成档案系统二期接口，达成率 85%"
    assert phone.get_by_text("已恢复您离开本页前输入的内容").is_visible()

    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "monthly-report-phone.png"), full_page=True)
    phone.get_by_role("button", name="提交", exact=True).tap()
    phone.wait_for_url("**/reports/monthly/?month=*")
    assert "已提交" in phone.locator(".meta").inner_text()
    assert phone.locator("svg.report-chart").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    report = MonthlyReport.objects.get()
    assert report.state == MonthlyReport.State.SUBMITTED and report.figures.get().actual == 10
    phone.screenshot(path=str(ARTIFACTS / "monthly-report-phone-submitted.png"), full_page=True)
