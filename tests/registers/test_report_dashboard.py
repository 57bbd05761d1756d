"""The department head's dashboard of daily reports: the week's grid of
staff × days computed from the calendar (holidays, 调休 weekends) and the
submission times; the reports waiting for annotation or signature; the
leadership's submission rates; a fixed number of queries whatever the
number of staff."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal.accounts.factories import DepartmentFactory, UserFactory
from portal.accounts.roles import Role
from registers.models import DailyReport
from registers.services import dashboard, weekly
from registers.services import reports as service
from tests.conftest import verify_session

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
TEXT = {"work_done": "整理档案", "plan": "归档"}
# 2026-10-05 to 10-11: Monday to Wednesday are 国庆 holidays, Thursday and
# Friday working days, Saturday 10-10 an adjusted working day (调休), Sunday off.
WEEK = D(2026, 10, 5)


@pytest.fixture(autouse=True)
def in_simplified_chinese():
    with translation.override("zh-hans"):
        yield


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def travel(moment):
    return time_machine.travel(moment, tick=False)


def submit(person, day, moment):
    with travel(moment):
        return service.submit(person, day, **TEXT)


def row_of(rows, person):
    return {cell.day: cell.label for cell in next(r for r in rows if r.person.pk == person.pk).cells}


def grid_page(client, user, week=WEEK):
    verify_session(client, user)
    return client.get(reverse("registers:report_dashboard"), {"week": week.isoformat()})


@pytest.fixture
def week_of_reports(staff, colleague, department_head):
    submit(staff, D(2026, 10, 8), at(D(2026, 10, 8), 17))  # on time
    submit(staff, D(2026, 10, 9), at(D(2026, 10, 9), 18, 30))  # late
    reviewed = submit(colleague, D(2026, 10, 8), at(D(2026, 10, 8), 12))
    with travel(at(D(2026, 10, 8), 20)):
        service.annotate(reviewed, department_head, "好")
    return reviewed


def test_the_grid_follows_the_holidays_and_the_adjusted_saturday(
    week_of_reports, staff, colleague, department_head
):
    with translation.override("zh-hans"), travel(at(D(2026, 10, 10), 12)):
        days, working, rows = dashboard.week_grid(department_head, WEEK)
    assert days[0] == WEEK and days[-1] == D(2026, 10, 11)
    assert working == [False, False, False, True, True, True, False]
    assert row_of(rows, staff) == {
        D(2026, 10, 5): "非工作日",
        D(2026, 10, 6): "非工作日",
        D(2026, 10, 7): "非工作日",
        D(2026, 10, 8): "按时",
        D(2026, 10, 9): "迟交",
        D(2026, 10, 10): "未到期",  # the 调休 Saturday, due at 18:00
        D(2026, 10, 11): "非工作日",
    }
    colleague_row = row_of(rows, colleague)
    assert colleague_row[D(2026, 10, 8)] == "已批注" and colleague_row[D(2026, 10, 9)] == "缺报"


def test_after_the_saturday_deadline_the_adjusted_working_day_is_missing(
    week_of_reports, staff, department_head
):
    with travel(at(D(2026, 10, 10), 18, 1)):
        _days, _working, rows = dashboard.week_grid(department_head, WEEK)
    assert row_of(rows, staff)[D(2026, 10, 10)] == "缺报"


def test_the_head_sees_the_grid_with_links_and_the_lists(client, week_of_reports, staff, department_head):
    with travel(at(D(2026, 10, 12), 9)):
        weekly.submit(staff, WEEK, summary="本周整理档案")
        page = grid_page(client, department_head)
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "孙丽" in html and "李娜" in html and "赵敏" not in html.split("report-grid")[1].split("</table>")[0]
    )
    on_time = DailyReport.objects.get(author=staff, date=D(2026, 10, 8))
    assert reverse("daily_reports:inspect", args=[on_time.pk]) in html
    # Awaiting annotation: the staff's two reports, not the annotated one.
    to_review = html.split('class="to-review"')[1].split("</ul>")[0]
    assert to_review.count("<li>") == 2 and "2026-10-08" in to_review and "2026-10-09" in to_review
    to_sign = html.split('class="to-sign"')[1].split("</ul>")[0]
    assert "孙丽" in to_sign and "2026-10-05" in to_sign
    # Week navigation.
    assert "?week=2026-09-28" in html and "?week=2026-10-12" in html


def test_a_colleague_cannot_open_the_heads_grid(client, colleague):
    assert grid_page(client, colleague).status_code == 403


def test_another_departments_head_does_not_see_these_staff(client, week_of_reports, other_department):
    other_head = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=other_department, display_name="钱峰")
    other_department.heads.add(other_head)
    with travel(at(D(2026, 10, 12), 9)):
        html = grid_page(client, other_head).content.decode()
    assert "孙丽" not in html and "李娜" not in html


def test_a_sub_department_is_in_its_parents_heads_grid(department, department_head):
    team = DepartmentFactory(code="行一", name="档案组", parent=department)
    member = UserFactory(roles=[Role.STAFF], department=team, display_name="周杰")
    assert member in dashboard.staff_of(department_head)


def _grid_queries(head, department, count):
    for n in range(count):
        person = UserFactory(roles=[Role.STAFF], department=department, display_name=f"员工{n:02d}")
        with travel(at(D(2026, 10, 8), 17)):
            service.submit(person, D(2026, 10, 8), **TEXT)
    with travel(at(D(2026, 10, 12), 9)), CaptureQueriesContext(connection) as queries:
        _days, _working, rows = dashboard.week_grid(head, WEEK)
    assert len(rows) == count
    return len(queries)


def test_the_grid_costs_the_same_queries_for_3_and_30_staff(portal_setup):
    small, large = DepartmentFactory(code="小"), DepartmentFactory(code="大")
    heads = []
    for department in (small, large):
        head = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=department)
        department.heads.add(head)
        heads.append(head)
    assert _grid_queries(heads[0], small, 3) == _grid_queries(heads[1], large, 30)


def test_the_page_costs_the_same_queries_for_3_and_30_staff(client, portal_setup):
    counts = []
    for code, size in (("小", 3), ("大", 30)):
        department = DepartmentFactory(code=code)
        head = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=department)
        department.heads.add(head)
        for _n in range(size):
            person = UserFactory(roles=[Role.STAFF], department=department)
            with travel(at(D(2026, 10, 8), 17)):
                service.submit(person, D(2026, 10, 8), **TEXT)
        verify_session(client, head)
        with travel(at(D(2026, 10, 12), 9)):
            client.get(reverse("registers:report_dashboard"))  # what the first request caches
        with travel(at(D(2026, 10, 12), 9)), CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("registers:report_dashboard"), {"week": WEEK.isoformat()})
        assert page.status_code == 200 and page.content.decode().count('class="on_time"') == size
        counts.append(len(queries))
        client.logout()
    assert counts[0] == counts[1]


def test_the_leadership_sees_each_departments_submission_rate(
    client, week_of_reports, leader, staff, colleague, department_head
):
    # October 2026 up to Monday 10-12 09:00: 10-08, 10-09 and 10-10 are past their deadline;
    # 行政办公室 has four members (孙丽, 李娜, 赵敏 and 王建国): 12 reports due, 2 on time, 1 late.
    with travel(at(D(2026, 10, 12), 9)):
        rates = {r.department.name: r for r in dashboard.submission_rates(D(2026, 10, 1))}
        page = grid_page(client, leader)
    rate = rates["行政办公室"]
    assert (rate.expected, rate.on_time, rate.late, rate.missing, rate.percent) == (12, 2, 1, 9, 25)
    html = page.content.decode()
    table = html.split('class="submission-rates"')[1].split("</table>")[0]
    assert re.search(
        r"行政办公室</th>\s*<td>12</td>\s*<td>2</td>\s*<td>1</td>\s*<td>9</td>\s*<td>25%</td>", table
    )


def test_a_head_does_not_see_the_submission_rates(client, week_of_reports, department_head):
    with travel(at(D(2026, 10, 12), 9)):
        html = grid_page(client, department_head).content.decode()
    assert "submission-rates" not in html


def test_the_home_page_offers_the_grid_to_a_head_not_to_a_colleague(
    client, home_page, department_head, colleague
):
    url = reverse("registers:report_dashboard")
    verify_session(client, department_head)
    actions = client.get(home_page.url).content.decode().split('class="quick-actions"')[1].split("</nav>")[0]
    assert f'href="{url}"' in actions and "下属工作报告" in actions
    client.logout()
    verify_session(client, colleague)
    assert url not in client.get(home_page.url).content.decode()
