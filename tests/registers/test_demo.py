import io

import pytest
from django.core.management import call_command

from registers.models import Circulation, CirculationReceipt, MeetingAttendance

pytestmark = pytest.mark.django_db


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
    call_command("seed_demo", "--reset", verbosity=0, stdout=io.StringIO())
    assert Circulation.objects.count() == 3, "the reset removed the old demo and seeded it again"
    assert MeetingAttendance.objects.count() == attendance


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
