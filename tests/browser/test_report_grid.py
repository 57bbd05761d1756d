"""In a real browser: a department head opens the team's reports and reads
the week's grid — a row per member of staff, a column per day, each cell on
time, late, missing or annotated as the calendar and the submission times
have it — then goes to the previous week and back.

The week of 2026-10-05: Monday to Wednesday are 国庆 holidays, Thursday and
Friday working days, Saturday 10-10 an adjusted working day (调休)."""

import datetime
import zoneinfo

import pytest
import time_machine
from playwright.sync_api import expect

from portal.accounts import two_factor
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from registers.services import reports

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
WEEK = D(2026, 10, 5)
TEXT = {"work_done": "整理档案", "plan": "归档"}


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def submit(person, day, moment):
    with time_machine.travel(moment, tick=False):
        return reports.submit(person, day, **TEXT)


def grid(page):
    """``{person: {"MM-DD": label}}`` as the page's table shows it."""
    table = page.locator("table", has=page.get_by_role("columnheader", name="10-05", exact=False)).first
    heads = [text.split()[0] for text in table.locator("thead th").all_inner_texts()][1:]
    shown = {}
    for row in table.locator("tbody tr").all():
        person = row.locator("th").inner_text().strip()
        cells = [text.strip() for text in row.locator("td").all_inner_texts()]
        shown[person] = dict(zip(heads, cells, strict=True))
    return shown


def test_the_head_reads_the_weeks_grid(page, live_server, department_head, staff, department, screenshot):
    colleague = UserFactory(roles=[Role.STAFF], department=department, display_name="周杰")
    submit(staff, D(2026, 10, 8), at(D(2026, 10, 8), 17))  # on time
    submit(staff, D(2026, 10, 9), at(D(2026, 10, 9), 18, 30))  # half an hour late
    annotated = submit(colleague, D(2026, 10, 8), at(D(2026, 10, 8), 12))
    with time_machine.travel(at(D(2026, 10, 8), 20), tick=False):
        reports.annotate(annotated, department_head, "好")
    submit(colleague, D(2026, 10, 10), at(D(2026, 10, 12), 9))  # the 调休 Saturday's, on Monday

    sign_in(page, live_server, department_head, two_factor.issue_backup_codes(department_head)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/reports/team/?week={WEEK.isoformat()}")
    expect(page.get_by_role("heading", name="2026-10-05")).to_be_visible()

    shown = grid(page)
    assert set(shown) == {"孙丽", "周杰"}, "the head's staff, not the head"
    holidays = {"10-05": "非工作日", "10-06": "非工作日", "10-07": "非工作日", "10-11": "非工作日"}
    assert shown["孙丽"] == {**holidays, "10-08": "按时", "10-09": "迟交", "10-10": "缺报"}
    assert shown["周杰"] == {**holidays, "10-08": "已批注", "10-09": "缺报", "10-10": "迟交"}
    screenshot("report-grid-head")

    page.get_by_role("link", name="上一周").click()
    page.wait_for_url("**week=2026-09-28")
    expect(page.get_by_role("heading", name="2026-09-28")).to_be_visible()
    earlier = page.locator("tbody tr", has=page.get_by_role("rowheader", name="孙丽"))
    # 09-28 to 10-04: Monday to Wednesday working days nobody reported; 10-01 on, 国庆.
    assert earlier.locator("td").all_inner_texts()[:3] == ["缺报", "缺报", "缺报"]
    assert "按时" not in page.locator("tbody").inner_text()

    page.get_by_role("link", name="下一周").click()
    page.wait_for_url("**week=2026-10-05")
    assert grid(page) == shown
    assert page.csp_violations == []
