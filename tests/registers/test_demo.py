import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from registers.models import Circulation, CirculationReceipt, MeetingAttendance

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_the_demo_has_a_circulation_and_reset_removes_it(portal_setup):
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    # The record circulated by the office's head, beside the two meetings' notices.
    circulation = Circulation.objects.get(sender__username="zhaomin")
    assert circulation.receipts.count() >= 3
    assert Circulation.objects.count() == 3
    attendance = MeetingAttendance.objects.count()
    assert attendance > 0
    signed = CirculationReceipt.objects.get(circulation=circulation, recipient__username="sunli")
    assert signed.read_at and signed.comment and signed.paper_signed_by == "孙丽"
    reports = _work_reports()
    call_command("seed_demo", "--reset", verbosity=0, stdout=io.StringIO())
    assert Circulation.objects.count() == 3, "the reset removed the old demo and seeded it again"
    assert MeetingAttendance.objects.count() == attendance
    # Signed weekly reports too: the database refuses their deletion but to the reset.
    assert _work_reports() == reports


def _work_reports():
    """What the demo's weekly and monthly reports show, checked on the way."""
    from registers.charts import figures_chart
    from registers.models import DepartmentMonthlyReport, MonthlyReport, WeeklyReport
    from registers.services import weekly

    signed = WeeklyReport.objects.filter(state=WeeklyReport.State.SIGNED)
    assert {r.author.username for r in signed} == {"zhengyu", "xuqiang"}
    assert {r.signed_by.username for r in signed} == {"wuhao"}
    assert all(r.signed_at > r.submitted_at for r in signed)
    assert [r.author.username for r in signed if r.is_late] == ["xuqiang"]
    wuhao = User.objects.get(username="wuhao")
    waiting = weekly.to_sign(wuhao)
    assert [r.author.username for r in waiting] == ["zhengyu"], "the latest week waits in the head's inbox"
    assert WeeklyReport.objects.get(state=WeeklyReport.State.DRAFT).author.username == "xuqiang"

    staff = MonthlyReport.objects.filter(author__username__in=["zhengyu", "xuqiang", "wuhao"])
    assert staff.count() == 3
    assert [r.author.username for r in staff if r.is_late] == ["xuqiang"]
    figures = {
        f.name: (f.target, f.actual, f.unit) for f in staff.get(author__username="zhengyu").figures.all()
    }
    assert figures["需求交付数"] == (Decimal("12.00"), Decimal("13.00"), "个")

    rnd = DepartmentMonthlyReport.objects.get(department__code="技")
    assert rnd.state == DepartmentMonthlyReport.State.COMMENTED
    assert rnd.commented_by.username == "wangjianguo" and rnd.commented_at > rnd.submitted_at
    assert not rnd.is_late and rnd.staff_reports == 2
    delivered = next(f for f in rnd.figures if f["name"] == "需求交付数")
    assert (delivered["target"], delivered["actual"], delivered["count"]) == ("15.00", "16.00", 2)
    assert 'data-figure="需求交付数" data-kind="actual" data-value="16"' in figures_chart(rnd.figures, "")
    office = DepartmentMonthlyReport.objects.get(department__code="行")
    assert office.state == DepartmentMonthlyReport.State.SUBMITTED and not office.comment
    return (
        sorted(WeeklyReport.objects.values_list("author__username", "week", "state")),
        sorted(MonthlyReport.objects.values_list("author__username", "month")),
        sorted(DepartmentMonthlyReport.objects.values_list("department__code", "month", "state")),
    )


def test_the_demo_project_in_execution_has_a_plan_with_one_late_task(portal_setup):
    from registers.models import PlanTask, ProjectPlan
    from registers.services import projects

    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    plan = ProjectPlan.objects.get(project__title="档案管理系统升级项目")
    assert [stage.name for stage in plan.stages.all()] == [
        "需求调研与方案确认",
        "系统开发与测试",
        "上线试运行与验收",
    ]
    tasks = PlanTask.objects.filter(stage__plan=plan)
    assert tasks.count() == 6
    assert [task.name for task in tasks if task.is_late()] == ["服务器与存储环境搭建"]
    assert plan.notes.count() == 1
    history = projects.plan_history(plan.project)
    assert len({change.when.date() for change in history}) > 3, "written over the weeks, not today"
