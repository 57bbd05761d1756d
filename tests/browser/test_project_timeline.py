"""In a real browser: a project's page shows its timeline, with the late task
in the late colour and today's line; from it the plan opens, a task's
progress is updated in its Chinese form, and the plan's history shows the
change."""

import datetime

import pytest
from django.utils import timezone

from home.factories import ProjectPageFactory, SectionPageFactory
from portal.access.levels import Level
from portal.accounts import two_factor
from registers.services import projects as plan
from registers.services.timeline import COLOURS

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_project_timeline_shows_the_late_task_and_the_plan_is_updated(
    page, live_server, home_page, department, department_head, staff, screenshot
):
    today = timezone.localdate()

    def day(offset):
        return today + datetime.timedelta(days=offset)

    section = SectionPageFactory(
        parent=home_page, title="项目", department=department, confidentiality=Level.INTERNAL
    )
    project = ProjectPageFactory(
        parent=section,
        department=department,
        owner=department_head,
        confidentiality=Level.INTERNAL,
        title="档案管理系统升级项目",
        start_date=day(-60),
        end_date=day(120),
        milestones=[("需求确认", day(-20), "需求说明书"), ("上线试运行", day(90), "")],
        members=[(department_head, "项目负责人"), (staff, "成员")],
    )
    stage = plan.add_stage(
        project, department_head, name="系统开发与测试", order=1, planned_start=day(-50), planned_end=day(60)
    )
    plan.add_task(
        stage,
        department_head,
        name="需求说明书",
        owner=staff,
        planned_start=day(-50),
        planned_end=day(-25),
        actual_start=day(-50),
        actual_end=day(-26),
        percent_done=100,
    )
    plan.add_task(
        stage,
        department_head,
        name="存储环境搭建",
        owner=staff,
        planned_start=day(-30),
        planned_end=day(-5),
        actual_start=day(-28),
        percent_done=60,
    )

    sign_in(page, live_server, department_head, two_factor.issue_backup_codes(department_head)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}{project.url}")
    timeline = page.locator("svg.project-timeline")
    assert timeline.get_attribute("role") == "img"
    late = timeline.locator("g.row.task.late[data-name='存储环境搭建'] rect.bar.actual")
    assert late.get_attribute("fill") == COLOURS["late"]
    on_time = timeline.locator("g.row.task[data-name='需求说明书'] rect.bar.actual")
    assert on_time.get_attribute("fill") == COLOURS["actual"]
    assert timeline.locator("line.today-line").count() == 1
    assert timeline.locator("g.legend text").all_text_contents() == ["计划", "实际", "逾期", "里程碑", "今天"]
    timeline.scroll_into_view_if_needed()
    screenshot("project-timeline")

    page.get_by_role("link", name="打开计划").click()
    row = page.locator("tr.plan-task", has_text="存储环境搭建")
    assert "逾期" in row.inner_text()
    row.get_by_role("link", name="编辑").click()
    page.fill("#id_percent_done", "150")
    page.locator("form button[type=submit]", has_text="保存").click()
    assert "完成百分比必须在 0 到 100 之间。" in page.locator(".field--error").inner_text()
    page.fill("#id_percent_done", "100")
    page.fill("#id_actual_end", day(0).isoformat())
    page.locator("form button[type=submit]", has_text="保存").click()
    page.wait_for_url(f"**/registers/projects/{project.pk}/plan/")
    assert "计划已保存。" in page.locator(".messages").inner_text()
    row = page.locator("tr.plan-task", has_text="存储环境搭建")
    assert "100%" in row.inner_text()
    screenshot("project-plan")

    page.get_by_role("link", name="计划历史").first.click()
    change = page.locator("tr.plan-change").first
    assert "项目任务已修改" in change.inner_text() and "60% → 100%" in change.inner_text()
    assert page.csp_violations == []
