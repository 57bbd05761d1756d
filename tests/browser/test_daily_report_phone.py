"""On a phone (375 × 812, touch): a member of staff signs in with both
factors, opens today's daily report, copies yesterday's plan with one tap,
types the rest and submits with one tap. The page never scrolls sideways;
the weekly form neither. A full-page screenshot is kept in tests/artifacts/.

Elements are found by their visible Chinese texts and the form's field
names, not by the templates' classes."""

import datetime
import zoneinfo

import pytest

from portal.accounts import two_factor
from portal.accounts.factories import DEMO_PASSWORD
from registers import calendar
from registers.models import DailyReport
from registers.services import reports

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
YESTERDAYS_PLAN = "核对第四季度合同档案的移交清单"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": WIDTH, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def sign_in_on_the_phone(page, live_server, user, path):
    """Open ``path``, which sends the phone through both factors and back."""
    code = two_factor.issue_backup_codes(user)[0]
    page.goto(f"{live_server.url}{path}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.tap()
    page.wait_for_url("**/two-factor/verify/**")
    page.fill("input[name=token]", code)
    page.locator("form button[type=submit]").first.tap()
    page.wait_for_url(f"**{path}")


def horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth") - WIDTH


def boxes(locator):
    return [element.bounding_box() for element in locator.all() if element.is_visible()]


def assert_fits_the_phone(page):
    assert horizontal_overflow(page) <= 0, "the page scrolls sideways"
    for box in boxes(page.locator("textarea, input[type=text], button")):
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
    # Each box to type in as wide as its form (the width the page leaves it).
    widths = page.locator("textarea").evaluate_all(
        "areas => areas.map(a => [a.name, a.getBoundingClientRect().width,"
        " a.closest('form').getBoundingClientRect().width])"
    )
    assert widths, "no text to type in"
    for name, width, form_width in widths:
        assert width >= form_width - 2 and width >= WIDTH / 2, (name, width, form_width)


def previous_working_day(day):
    day -= datetime.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def seed_yesterday(staff):
    import time_machine

    day = previous_working_day(calendar.today())
    on_time = datetime.datetime.combine(day, datetime.time(17), tzinfo=SHANGHAI)
    with time_machine.travel(on_time, tick=False):
        reports.submit(staff, day, work_done="整理第三季度会议纪要", plan=YESTERDAYS_PLAN)
    return day


def test_daily_report_on_a_phone(phone, live_server, staff, home_page, record_property):
    yesterday = seed_yesterday(staff)
    today = calendar.today()
    sign_in_on_the_phone(phone, live_server, staff, "/reports/daily/")
    assert phone.get_by_role("heading", name="今日工作日报").is_visible()
    assert_fits_the_phone(phone)
    form = phone.locator("form", has=phone.locator("textarea[name=work_done]"))
    for name in ("复制昨日计划", "保存草稿", "提交"):
        button = form.get_by_role("button", name=name, exact=True)
        box = button.bounding_box()
        # A thumb's target: tall enough to tap, inside the screen.
        assert box["height"] >= 40 and box["width"] >= 80 and box["x"] + box["width"] <= WIDTH, (name, box)

    with phone.expect_navigation():
        form.get_by_role("button", name="复制昨日计划", exact=True).tap()
    work_done = phone.locator("textarea[name=work_done]")
    assert YESTERDAYS_PLAN in work_done.input_value()
    work_done.tap()
    work_done.press("Control+End")
    work_done.press_sequentially("；完成交接")
    phone.locator("textarea[name=results]").fill("移交清单已核对，42卷")
    phone.locator("textarea[name=problems]").fill("两卷缺页，已联系经办人补齐")
    phone.locator("textarea[name=plan]").fill("整理第四季度项目档案")
    reason = phone.locator("[name=non_working_reason]")
    if not calendar.is_working_day(today):
        # Today is a day off: a report needs a reason, which the form asks for.
        reason.fill("周末值班")
    with phone.expect_navigation():
        phone.get_by_role("button", name="提交", exact=True).tap()

    assert "日报已提交" in phone.locator("body").inner_text()
    assert "已提交" in phone.get_by_text(today.isoformat()).first.inner_text()
    assert_fits_the_phone(phone)
    report = DailyReport.objects.get(author=staff, date=today)
    assert report.state == DailyReport.State.SUBMITTED and report.submitted_at is not None
    assert report.work_done == f"{YESTERDAYS_PLAN}；完成交接"
    assert report.results == "移交清单已核对，42卷" and report.plan == "整理第四季度项目档案"
    assert DailyReport.objects.filter(author=staff).count() == 2
    assert yesterday < today

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "daily-report-phone-375.png"
    phone.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    record_property("screenshot", str(shot))
    print(f"screenshot: {shot}")


def test_weekly_report_on_a_phone(phone, live_server, staff, home_page, record_property):
    sign_in_on_the_phone(phone, live_server, staff, "/reports/weekly/")
    assert phone.locator("textarea[name=summary]").is_visible()
    assert phone.locator("textarea[name=plan]").is_visible()
    assert_fits_the_phone(phone)
    assert phone.get_by_role("button", name="提交", exact=True).is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "weekly-report-phone-375.png"
    phone.screenshot(path=str(shot), full_page=True)
    record_property("screenshot", str(shot))
    print(f"screenshot: {shot}")
