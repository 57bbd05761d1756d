"""The department monthly report on the front end (WRK-3): the head composes
it from the staff's monthly reports (figures summed, texts pulled in), edits
and submits it; the leadership read it with its chart and comment on it;
nobody else opens it. The inbox asks the head for it once the month is over
and the leadership for a comment; the leadership's overview of a month; the
head's team page shows the month's figures; one trail event per action."""

import datetime
import re
import xml.etree.ElementTree as ET
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal.accounts.factories import DepartmentFactory, UserFactory
from portal.accounts.roles import Role
from portal.inbox import pending_items
from registers.models import DepartmentMonthlyReport
from registers.services import monthly
from tests.conftest import verify_session
from tests.trail_events import business_events

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
OCTOBER = D(2026, 10, 1)
SVG = "{http://www.w3.org/2000/svg}"
URL = reverse("registers:department_monthly_report")
OVERVIEW = reverse("registers:department_monthly_reports")
TEXT = {
    "goals": "完成档案数字化一期",
    "progress": "接口联调完成",
    "teamwork": "与信息中心协作迁移",
    "achievements": "按期上线",
}


@pytest.fixture(autouse=True)
def in_simplified_chinese():
    with translation.override("zh-hans"):
        yield


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def travel(moment=None):
    return time_machine.travel(moment or at(D(2026, 11, 2), 9), tick=False)


@pytest.fixture
def staff_reports(staff, colleague):
    """孙丽 on time, 李娜 late (after Friday 10-30 18:00); 赵敏 the head writes none."""
    with travel(at(D(2026, 10, 30), 17)):
        monthly.submit(
            staff,
            OCTOBER,
            figures=[
                {"name": "数字化卷数", "target": "1000", "actual": "900", "unit": "卷"},
                {"name": "借阅办结", "target": "50", "actual": "62.5", "unit": "件"},
            ],
            **TEXT,
        )
    with travel(at(D(2026, 10, 31), 10)):
        monthly.submit(
            colleague,
            OCTOBER,
            figures=[{"name": "数字化卷数", "target": "500", "actual": "520", "unit": "卷"}],
            **{**TEXT, "teamwork": "协助借阅室整理"},
        )


def page(client, user, method="get", data=None, month="2026-10", department=None, follow=False):
    verify_session(client, user)
    query = {"month": month}
    if department is not None:
        query["department"] = department.pk
    url = f"{URL}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
    with travel():
        if method == "post":
            return client.post(url, data or {}, follow=follow)
        return client.get(url)


def html_of(response):
    return response.content.decode()


def chart_values(html):
    svg = ET.fromstring(re.search(r"<svg .*?</svg>", html, re.S).group(0))  # noqa: S314
    return {(g.get("data-figure"), g.get("data-kind")): g.get("data-value") for g in svg.iter(f"{SVG}g")}


def staff_row(html, name):
    table = html.split('class="staff-reports"')[1].split("</table>")[0]
    return re.search(rf"{name}</th>\s*<td[^>]*>([^<]*)</td>", table).group(1)


@pytest.fixture
def composed(client, staff_reports, department_head):
    assert page(client, department_head, "post", {"compose": "1"}).status_code == 302
    return DepartmentMonthlyReport.objects.get(month=OCTOBER)


@pytest.fixture
def submitted(client, composed, department_head):
    page(client, department_head, "post", {**TEXT, "submit": "1", "goals": "部门目标基本达成"})
    composed.refresh_from_db()
    return composed


# --- The head composes, edits and submits ---------------------------------------------


def test_the_head_composes_the_report_from_the_staff_reports(client, staff_reports, department_head):
    before = html_of(page(client, department_head))
    assert "组稿" in before and "<textarea" not in before
    assert staff_row(before, "孙丽") == "按时" and staff_row(before, "李娜") == "迟交"
    assert staff_row(before, "赵敏") == "缺报"
    html = html_of(page(client, department_head, "post", {"compose": "1"}, follow=True))
    assert "已根据员工月报组稿" in html
    # The texts pulled in under each author's name, in the form to edit.
    teamwork = html.split('name="teamwork"')[1].split("</textarea>")[0]
    assert "孙丽：与信息中心协作迁移" in teamwork and "李娜：协助借阅室整理" in teamwork
    # The summed figures, in the table and in the chart.
    table = html.split('class="figures"')[1].split("</table>")[0]
    assert re.search(r"数字化卷数</th>\s*<td[^>]*>1500</td>\s*<td[^>]*>1420</td>", table)
    values = chart_values(html)
    assert values[("数字化卷数", "target")] == "1500" and values[("数字化卷数", "actual")] == "1420"
    assert values[("借阅办结", "actual")] == "62.5"
    assert "提交领导" in html


def test_composing_again_refreshes_the_draft(client, composed, department_head, department):
    latecomer = UserFactory(roles=[Role.STAFF], department=department, display_name="周杰")
    with travel(at(D(2026, 11, 1), 20)):
        monthly.submit(
            latecomer,
            OCTOBER,
            figures=[{"name": "数字化卷数", "target": "100", "actual": "80", "unit": "卷"}],
            **{**TEXT, "teamwork": "补录目录"},
        )
    html = html_of(page(client, department_head, "post", {"compose": "1"}, follow=True))
    report = DepartmentMonthlyReport.objects.get(month=OCTOBER)
    assert report.pk == composed.pk and report.staff_reports == 3
    assert chart_values(html)[("数字化卷数", "actual")] == "1500"
    assert "周杰：补录目录" in html.split('name="teamwork"')[1].split("</textarea>")[0]


def test_the_head_edits_and_submits_and_the_report_is_then_read_only(client, composed, department_head):
    html = html_of(
        page(
            client,
            department_head,
            "post",
            {**TEXT, "goals": "部门目标基本达成", "submit": "1"},
            follow=True,
        )
    )
    report = DepartmentMonthlyReport.objects.get(pk=composed.pk)
    assert report.state == report.State.SUBMITTED and report.goals == "部门目标基本达成"
    assert report.progress == TEXT["progress"]
    assert "已提交给公司领导" in html
    assert 'name="goals"' not in html and 'name="compose"' not in html and 'name="submit"' not in html
    assert "部门目标基本达成" in html.split('class="report-text"')[1]
    assert 'data-value="1500"' in html


def test_a_report_without_goals_is_refused_beside_the_field_and_stays_a_draft(
    client, composed, department_head
):
    response = page(client, department_head, "post", {**TEXT, "goals": "  ", "submit": "1"})
    html = html_of(response)
    assert response.status_code == 200
    goals = html.split('for="id_goals"')[1].split('name="goals"')[0]
    assert 'class="errorlist' in goals and "目标及完成情况：请填写" in goals
    # What was typed is kept on the page.
    assert TEXT["progress"] in html.split('name="progress"')[1].split("</textarea>")[0]
    report = DepartmentMonthlyReport.objects.get(pk=composed.pk)
    assert report.state == report.State.DRAFT and report.submitted_at is None


def test_a_future_month_cannot_be_composed(client, staff_reports, department_head):
    response = page(client, department_head, "post", {"compose": "1"}, month="2026-12")
    assert response.status_code == 200 and "未来" in html_of(response)
    assert not DepartmentMonthlyReport.objects.exists()


# --- The leadership -------------------------------------------------------------------


def test_the_leader_reads_the_submitted_report_beside_its_chart_and_comments(
    client, submitted, leader, department
):
    html = html_of(page(client, leader, department=department))
    assert "部门目标基本达成" in html and 'data-value="1420"' in html
    assert 'name="comment"' in html and 'name="submit"' not in html and 'name="compose"' not in html
    refused = html_of(
        page(client, leader, "post", {"record_comment": "1", "comment": " "}, department=department)
    )
    assert "请填写批示" in refused.split('for="id_comment"')[1].split("</textarea>")[0]
    submitted.refresh_from_db()
    assert submitted.state == submitted.State.SUBMITTED
    html = html_of(
        page(
            client,
            leader,
            "post",
            {"record_comment": "1", "comment": "数字化进度需加快"},
            department=department,
            follow=True,
        )
    )
    submitted.refresh_from_db()
    assert submitted.state == submitted.State.COMMENTED and submitted.commented_by == leader
    assert "数字化进度需加快" in html.split('class="comment"')[1] and 'name="comment"' not in html


def test_the_head_reads_the_comment(client, submitted, leader, department_head):
    with travel():
        monthly.comment(submitted, leader, "数字化进度需加快")
    html = html_of(page(client, department_head))
    assert "领导批示" in html and "数字化进度需加快" in html and "王建国" in html


def test_the_leadership_does_not_read_a_draft_yet(client, composed, leader, department):
    html = html_of(page(client, leader, department=department))
    assert "尚未提交" in html and "孙丽：与信息中心协作迁移" not in html and 'name="comment"' not in html


def test_a_leader_heading_no_department_is_sent_to_the_overview(client, leader):
    response = page(client, leader)
    assert response.status_code == 302 and response.url == OVERVIEW


# --- Nobody else ----------------------------------------------------------------------


def test_a_colleague_is_refused(client, submitted, colleague, department):
    assert page(client, colleague, department=department).status_code == 403
    assert page(client, colleague).status_code == 403
    response = page(client, colleague, "post", {"compose": "1"}, department=department)
    assert response.status_code == 403


def test_another_departments_head_is_refused_and_cannot_compose_it(
    client, submitted, other_department, department
):
    other_head = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=other_department, display_name="钱峰")
    other_department.heads.add(other_head)
    assert page(client, other_head, department=department).status_code == 403
    assert page(client, other_head, "post", {"compose": "1"}, department=department).status_code == 403
    # Their own department's page is theirs: nothing of the other one on it.
    html = html_of(page(client, other_head))
    assert "财务部" in html and "部门目标基本达成" not in html


def test_an_unknown_department_is_not_found(client, department_head):
    verify_session(client, department_head)
    assert client.get(URL, {"department": 999999}).status_code == 404


# --- One event per action -------------------------------------------------------------


def test_each_action_on_the_page_is_one_trail_event(
    client, staff_reports, department_head, leader, department
):
    with business_events() as events:
        page(client, department_head, "post", {"compose": "1"})
        page(client, department_head, "post", {**TEXT, "submit": "1"})
        page(client, leader, "post", {"record_comment": "1", "comment": "好"}, department=department)
    assert [e.action for e in events] == [
        "report.department_monthly_compose",
        "report.department_monthly_submit",
        "report.department_monthly_comment",
    ]


def test_a_refused_action_records_no_event(client, composed, department_head):
    with business_events() as events:
        page(client, department_head, "post", {**TEXT, "goals": "", "submit": "1"})
    assert events == []


# --- The inbox ------------------------------------------------------------------------


def _items(user, word):
    with travel():
        return [i for i in pending_items(user) if word in str(i.title)]


def test_the_head_is_asked_for_last_months_report_until_it_is_submitted(
    client, staff_reports, department_head
):
    [item] = _items(department_head, "月报")
    assert "行政办公室" in str(item.title) and "2026-10" in str(item.title)
    assert (
        item.kind == item.ALERT
        and item.url == f"{URL}?month=2026-10&department={department_head.department.pk}"
    )
    page(client, department_head, "post", {"compose": "1"})
    assert _items(department_head, "月报")  # a draft is not submitted yet
    page(client, department_head, "post", {**TEXT, "submit": "1"})
    assert not _items(department_head, "月报")


def test_a_colleague_is_not_asked_for_the_department_report(staff_reports, colleague):
    assert not _items(colleague, "部门")


def test_a_leader_heading_a_department_is_not_asked_to_send_it_to_the_leadership(
    staff_reports, department_head, department
):
    from portal.accounts.factories import UserFactory
    from portal.accounts.roles import Role

    general_manager = UserFactory(roles=[Role.LEADERSHIP], department=department)
    department.heads.add(general_manager)
    assert _items(department_head, "月报") and not _items(general_manager, "月报")


def test_the_leadership_is_asked_to_comment_until_they_have(client, submitted, leader, department):
    [item] = _items(leader, "行政办公室")
    assert item.kind == item.READ and "2026-10" in str(item.title)
    assert item.url.endswith(f"department={department.pk}")
    page(client, leader, "post", {"record_comment": "1", "comment": "好"}, department=department)
    assert not _items(leader, "行政办公室")


def test_a_draft_asks_nothing_of_the_leadership(composed, leader):
    assert not _items(leader, "行政办公室")


# --- The leadership's overview --------------------------------------------------------


def test_the_overview_lists_each_departments_report_and_submission_rate(
    client, submitted, leader, department, other_department
):
    UserFactory(roles=[Role.STAFF], department=other_department)
    verify_session(client, leader)
    with travel():
        html = html_of(client.get(OVERVIEW, {"month": "2026-10"}))
    table = html.split('class="department-reports-table"')[1].split("</table>")[0]
    ours = table.split(f'data-department="{department.pk}"')[1].split("</tr>")[0]
    assert f"department={department.pk}" in ours and "已提交" in ours and "2026-11-02 09:00" in ours
    assert "否" in ours  # on time: due by the third working day of November, 11-04 18:00
    assert re.search(r"\d+%</td>", ours)
    theirs = table.split(f'data-department="{other_department.pk}"')[1].split("</tr>")[0]
    assert "未提交" in theirs and "0%" in theirs


def test_the_overview_is_the_leaderships_only(client, submitted, department_head, colleague):
    for user in (department_head, colleague):
        verify_session(client, user)
        assert client.get(OVERVIEW).status_code == 403
        client.logout()


# --- The head's team page -------------------------------------------------------------


def test_the_team_page_shows_the_months_figures_with_the_chart_and_the_link(
    client, staff_reports, department_head, department
):
    verify_session(client, department_head)
    with travel():  # no report of November yet: October's
        html = html_of(client.get(reverse("registers:report_dashboard")))
    section = html.split('class="month-figures"')[1].split("</section>")[0]
    assert "2026-10" in section and "1500" in section
    values = chart_values(section)
    assert values[("数字化卷数", "actual")] == "1420"
    assert f"{URL}?month=2026-10&amp;department={department.pk}" in section


def _team_page_queries(client, size):
    department = DepartmentFactory(code=f"部{size}")
    head = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=department)
    department.heads.add(head)
    for _n in range(size):
        person = UserFactory(roles=[Role.STAFF], department=department)
        with travel(at(D(2026, 10, 30), 17)):
            monthly.submit(
                person,
                OCTOBER,
                figures=[{"name": "卷数", "target": "10", "actual": "9", "unit": "卷"}],
                **TEXT,
            )
    verify_session(client, head)
    with travel():
        client.get(reverse("registers:report_dashboard"))  # what the first request caches
    with travel(), CaptureQueriesContext(connection) as queries:
        html = html_of(client.get(reverse("registers:report_dashboard")))
    assert f">{10 * size}<" in html
    client.logout()
    return len(queries)


def test_the_team_pages_figures_cost_the_same_queries_for_3_and_30_staff(client, portal_setup):
    assert _team_page_queries(client, 3) == _team_page_queries(client, 30)


def test_the_home_page_offers_the_department_report_to_heads_and_leadership(
    client, home_page, department_head, leader, colleague
):
    for user, url in ((department_head, URL), (leader, OVERVIEW)):
        verify_session(client, user)
        actions = html_of(client.get(home_page.url)).split('class="quick-actions"')[1].split("</nav>")[0]
        assert f'href="{url}"' in actions and "部门月报" in actions
        client.logout()
    verify_session(client, colleague)
    assert "部门月报" not in html_of(client.get(home_page.url)).split('class="quick-actions"')[1]


def test_a_head_whose_staff_sent_no_monthly_report_is_not_asked(department_head):
    assert not _items(department_head, "月报")
