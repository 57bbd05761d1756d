"""Monthly work reports (WRK-3): due by the deadline of the month's last
working day, one per month and never for a future month, with key figures
versioned with the report and drawn as a server-rendered SVG chart; read as
the daily report (not by a colleague); each action one event."""

import datetime
import xml.etree.ElementTree as ET
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from reversion.models import Version

from portal.access import rules
from portal.access.rules import Action
from registers.charts import figures_chart
from registers.models import DepartmentMonthlyReport, MonthlyReport, ReportFigure
from registers.services import monthly
from tests.trail_events import business_events, named

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"
TEXT = {
    "goals": "完成档案数字化一期，达成率 90%",
    "progress": "接口联调完成",
    "teamwork": "与信息中心协作迁移",
    "achievements": "成绩：按期上线；不足：文档滞后",
}
FIGURES = [
    {"name": "数字化卷数", "target": "1000", "actual": "900", "unit": "卷"},
    {"name": "借阅办结", "target": "50", "actual": "62.5", "unit": "件"},
]


@pytest.fixture(autouse=True)
def in_simplified_chinese():
    with translation.override("zh-hans"):
        yield


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def travel(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def submitted(staff):
    with travel(at(D(2026, 10, 30), 17)):
        return monthly.submit(staff, D(2026, 10, 1), figures=FIGURES, **TEXT)


def test_the_report_is_due_on_the_month_last_working_day_and_late_after(staff, colleague):
    # 2026-10-31 is a Saturday: the last working day of October is Friday 10-30.
    with travel(at(D(2026, 10, 30), 17, 59)):
        on_time = monthly.submit(staff, D(2026, 10, 1), **TEXT)
    assert on_time.deadline == at(D(2026, 10, 30), 18) and not on_time.is_late
    with travel(at(D(2026, 10, 31), 9)):
        assert monthly.submit(colleague, D(2026, 10, 1), **TEXT).is_late


def test_submitting_is_one_event_naming_the_report_and_its_figures(staff):
    with travel(at(D(2026, 10, 30), 17)), business_events() as events:
        report = monthly.submit(staff, D(2026, 10, 1), figures=FIGURES, **TEXT)
    assert [e.action for e in events] == ["report.monthly_submit"]
    assert sorted(source for source, _id in named(events[0])) == ["reversion.version"] * 3
    assert Version.objects.get_for_object(report).count() == 1
    assert [(f.name, f.target, f.actual, f.unit) for f in report.figures.all()] == [
        ("数字化卷数", Decimal("1000.00"), Decimal("900.00"), "卷"),
        ("借阅办结", Decimal("50.00"), Decimal("62.50"), "件"),
    ]
    assert events[0].details["figures"][1] == {
        "name": "借阅办结",
        "target": "50.00",
        "actual": "62.50",
        "unit": "件",
    }


def test_a_draft_keeps_its_figures_and_is_submitted_as_the_same_report(staff):
    with travel(at(D(2026, 10, 20), 10)), business_events() as events:
        draft = monthly.save_draft(staff, D(2026, 10, 1), figures=FIGURES[:1], goals="上半月")
    assert [e.action for e in events] == ["report.monthly_draft"]
    with travel(at(D(2026, 10, 29), 10)):
        report = monthly.submit(staff, D(2026, 10, 1), figures=FIGURES)
    assert report.pk == draft.pk and report.goals == "上半月"
    assert report.figures.count() == 2 and ReportFigure.objects.count() == 2
    assert Version.objects.get_for_object(report).count() == 2


# --- Bad input ------------------------------------------------------------------------


def test_a_future_month_is_refused(staff):
    with travel(at(D(2026, 10, 31), 23)), pytest.raises(ValidationError) as refused:
        monthly.submit(staff, D(2026, 11, 1), **TEXT)
    assert "月份" in str(refused.value) and "未来" in str(refused.value)
    assert not MonthlyReport.objects.exists()


def test_a_second_report_of_the_month_is_refused(submitted, staff):
    with travel(at(D(2026, 10, 31), 9)), pytest.raises(ValidationError) as refused:
        monthly.submit(staff, D(2026, 10, 1), **{**TEXT, "goals": "另一份"}, figures=[])
    assert "月份" in str(refused.value) and "已提交" in str(refused.value)
    assert MonthlyReport.objects.get().goals == TEXT["goals"] and ReportFigure.objects.count() == 2


def test_a_figure_that_is_not_a_number_is_refused_and_nothing_is_saved(staff):
    bad = [FIGURES[0], {"name": "借阅办结", "target": "五十", "actual": "62", "unit": "件"}]
    with travel(at(D(2026, 10, 30), 17)), pytest.raises(ValidationError) as refused:
        monthly.submit(staff, D(2026, 10, 1), figures=bad, **TEXT)
    assert "关键数据" in str(refused.value) and "第 2 行" in str(refused.value)
    assert not MonthlyReport.objects.exists() and not ReportFigure.objects.exists()


def test_a_report_without_goals_is_refused_and_nothing_is_saved(staff):
    with travel(at(D(2026, 10, 30), 17)), pytest.raises(ValidationError) as refused:
        monthly.submit(staff, D(2026, 10, 1), figures=FIGURES, progress="联调")
    assert "目标及完成情况" in str(refused.value)
    assert not MonthlyReport.objects.exists() and not ReportFigure.objects.exists()


# --- Who reads ------------------------------------------------------------------------


def test_the_author_head_and_leadership_read_it_a_colleague_does_not(
    submitted, staff, department_head, leader, colleague
):
    reads = {
        name: rules.can(user, Action.VIEW, submitted)
        for name, user in {
            "author": staff,
            "head": department_head,
            "leader": leader,
            "colleague": colleague,
        }.items()
    }
    assert reads == {"author": True, "head": True, "leader": True, "colleague": False}
    assert not MonthlyReport.objects.filter(rules.filter_for(colleague, Action.LIST, MonthlyReport)).exists()


# --- The chart ------------------------------------------------------------------------


def test_the_chart_draws_each_figure_target_and_actual_labelled(submitted):
    svg = ET.fromstring(str(figures_chart(submitted.figures.all(), str(submitted))))  # noqa: S314
    assert svg.find(f"{SVG}title").text == str(submitted)
    assert "数字化卷数：目标 1000，实际 900 卷" in svg.find(f"{SVG}desc").text
    assert "Noto Sans CJK SC" in svg.get("font-family")
    assert not list(svg.iter(f"{SVG}script"))
    points = {
        (g.get("data-figure"), g.get("data-kind")): (g.get("data-value"), g.find(f"{SVG}text").text)
        for g in svg.iter(f"{SVG}g")
    }
    assert points == {
        ("数字化卷数", "target"): ("1000", "1000"),
        ("数字化卷数", "actual"): ("900", "900"),
        ("借阅办结", "target"): ("50", "50"),
        ("借阅办结", "actual"): ("62.5", "62.5"),
    }
    heights = {
        key: int(g.find(f"{SVG}rect").get("height"))
        for key, g in zip(points, svg.iter(f"{SVG}g"), strict=True)
    }
    assert (
        heights[("数字化卷数", "target")]
        > heights[("数字化卷数", "actual")]
        > heights[("借阅办结", "actual")]
    )


# --- The department's monthly report ------------------------------------------------


@pytest.fixture
def two_reports(submitted, colleague):
    with travel(at(D(2026, 10, 30), 17, 30)):
        monthly.submit(
            colleague,
            D(2026, 10, 1),
            figures=[
                {"name": "数字化卷数", "target": "500", "actual": "520", "unit": "卷"},
                {"name": "培训人次", "target": "10", "actual": "8", "unit": "人次"},
            ],
            **{**TEXT, "teamwork": "协助借阅室整理"},
        )


@pytest.fixture
def composed(two_reports, department_head, department):
    with travel(at(D(2026, 11, 2), 9)):
        return monthly.compose(department_head, department, D(2026, 10, 1))


def test_the_staff_figures_are_summed_into_the_department_report(composed):
    assert composed.staff_reports == 2
    assert composed.figures == [
        {"name": "借阅办结", "unit": "件", "target": "50.00", "actual": "62.50", "count": 1},
        {"name": "培训人次", "unit": "人次", "target": "10.00", "actual": "8.00", "count": 1},
        {"name": "数字化卷数", "unit": "卷", "target": "1500.00", "actual": "1420.00", "count": 2},
    ]
    assert "孙丽：与信息中心协作迁移" in composed.teamwork and "李娜：协助借阅室整理" in composed.teamwork
    svg = ET.fromstring(str(figures_chart(composed.figures, str(composed))))  # noqa: S314
    values = {(g.get("data-figure"), g.get("data-kind")): g.get("data-value") for g in svg.iter(f"{SVG}g")}
    assert values[("数字化卷数", "target")] == "1500" and values[("数字化卷数", "actual")] == "1420"


def test_the_roll_up_sums_to_the_cent_in_a_fixed_number_of_queries(
    portal_setup, department, django_assert_num_queries
):
    from portal.accounts.factories import UserFactory
    from portal.accounts.roles import Role

    month = D(2026, 10, 1)
    with travel(at(D(2026, 10, 30), 17)):
        for n in range(6):
            author = UserFactory(roles=[Role.STAFF], department=department, username=f"staff{n}")
            monthly.submit(
                author,
                month,
                figures=[
                    {"name": "系统可用率", "target": "99.9", "actual": "99.95", "unit": "%"},
                    {"name": "借阅办结", "target": "0.1", "actual": "0.2", "unit": "件"},
                    {"name": "借阅办结", "target": "3", "actual": "4", "unit": "册"},
                ][: 2 + n % 2],
                goals="完成",
            )
    with django_assert_num_queries(2):  # the reports, their figures summed: whatever their number
        figures = monthly.aggregate(list(monthly.staff_reports(department, month)))
    assert figures == [
        {"name": "借阅办结", "unit": "件", "target": "0.60", "actual": "1.20", "count": 6},
        {"name": "借阅办结", "unit": "册", "target": "9.00", "actual": "12.00", "count": 3},
        {"name": "系统可用率", "unit": "%", "target": "599.40", "actual": "599.70", "count": 6},
    ]
    assert monthly.aggregate([]) == []


def test_composing_submitting_and_commenting_are_one_event_and_one_version_each(
    two_reports, department_head, department, leader
):
    with business_events() as events, travel(at(D(2026, 11, 2), 9)):
        report = monthly.compose(department_head, department, D(2026, 10, 1))
        report = monthly.submit_department(report, department_head, goals="部门目标基本达成")
        report = monthly.comment(report, leader, "数字化进度需加快")
    assert [(e.action, len(named(e))) for e in events] == [
        ("report.department_monthly_compose", 1),
        ("report.department_monthly_submit", 1),
        ("report.department_monthly_comment", 1),
    ]
    assert Version.objects.get_for_object(report).count() == 3
    assert report.state == report.State.COMMENTED and report.commented_by == leader
    assert report.goals == "部门目标基本达成"


def test_only_the_head_composes_and_only_leadership_comments(composed, staff, department_head, department):
    with pytest.raises(PermissionDenied):
        monthly.compose(staff, department, D(2026, 10, 1))
    report = monthly.submit_department(composed, department_head, goals="基本达成")
    with pytest.raises(PermissionDenied) as refused:
        monthly.comment(report, department_head, "自评")
    assert "公司领导" in str(refused.value)
    report.refresh_from_db()
    assert report.state == report.State.SUBMITTED and not report.comment


def test_the_head_and_leadership_read_the_department_report_a_colleague_does_not(
    composed, department_head, leader, colleague
):
    reads = {
        name: rules.can(user, Action.VIEW, composed)
        for name, user in {"head": department_head, "leader": leader, "colleague": colleague}.items()
    }
    assert reads == {"head": True, "leader": True, "colleague": False}


def test_the_department_report_is_due_on_the_third_working_day_after_the_month(composed, department_head):
    # September's report: October opens with the National Day holidays (1–7);
    # its working days are the 8th, the 9th and the 调休 Saturday the 10th.
    assert DepartmentMonthlyReport(month=D(2026, 9, 1)).deadline == at(D(2026, 10, 10), 18)
    with travel(at(D(2026, 11, 4), 17)):
        report = monthly.submit_department(composed, department_head, goals="基本达成")
    assert report.deadline == at(D(2026, 11, 4), 18) and not report.is_late, "November: 2nd, 3rd, 4th"
