"""The demo plan of the project in execution (档案管理系统升级项目) for
``seed_demo`` (called from :func:`home.demo_pages.seed` after the projects):
three stages and six tasks written over the weeks since its approval, one
task late, and a communication note."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from registers.models import PlanStage, PlanTask
from registers.services import projects as plan

from .models import ProjectPage

TITLE = "档案管理系统升级项目"


def seed(users, days_ago):
    project = ProjectPage.objects.live().filter(title=TITLE).first()
    if project is None:
        return
    today = timezone.localdate()

    def day(offset):
        return today + datetime.timedelta(days=offset)

    lead, archivist, it = users["zhengyu"], users["hemei"], users["xuqiang"]

    def stage(pk):
        return PlanStage.objects.get(pk=pk)

    def task(pk):
        return PlanTask.objects.get(pk=pk)

    with days_ago(44):
        survey = plan.add_stage(
            project, lead, name="需求调研与方案确认", order=1, planned_start=day(-45), planned_end=day(-10)
        ).pk
        build = plan.add_stage(
            project, lead, name="系统开发与测试", order=2, planned_start=day(-12), planned_end=day(60)
        ).pk
        rollout = plan.add_stage(
            project, lead, name="上线试运行与验收", order=3, planned_start=day(61), planned_end=day(230)
        ).pk
        interviews = plan.add_task(
            stage(survey),
            lead,
            name="现状调研与需求访谈",
            owner=archivist,
            planned_start=day(-45),
            planned_end=day(-30),
            percent_done=0,
        ).pk
        spec = plan.add_task(
            stage(survey),
            lead,
            name="编写需求说明书和技术方案",
            owner=lead,
            planned_start=day(-30),
            planned_end=day(-12),
            percent_done=0,
        ).pk
        storage = plan.add_task(
            stage(build),
            lead,
            name="服务器与存储环境搭建",
            owner=it,
            planned_start=day(-12),
            planned_end=day(-2),
            percent_done=0,
        ).pk
        modules = plan.add_task(
            stage(build),
            lead,
            name="全文检索与四性检测模块开发",
            owner=lead,
            planned_start=day(-5),
            planned_end=day(45),
            percent_done=0,
        ).pk
        plan.add_task(
            stage(build),
            lead,
            name="历史数据迁移",
            owner=archivist,
            planned_start=day(20),
            planned_end=day(60),
            percent_done=0,
        )
        plan.add_task(
            stage(rollout),
            lead,
            name="试运行与用户培训",
            owner=archivist,
            planned_start=day(61),
            planned_end=day(150),
            percent_done=0,
        )
        plan.change_stage(stage(survey), lead, actual_start=day(-44))
        plan.change_task(task(interviews), lead, actual_start=day(-44), percent_done=10)
    with days_ago(31):
        plan.change_task(task(interviews), lead, actual_end=day(-31), percent_done=100)
        plan.change_task(task(spec), lead, actual_start=day(-31), percent_done=20)
    with days_ago(20):
        plan.add_note(
            project,
            lead,
            date=day(-20),
            participants=[lead, archivist, it],
            other_participants="档案软件供应商 王工",
            content="讨论需求说明书初稿：电子档案四性检测按国家标准执行；历史数据迁移放在开发阶段后期；"
            "服务器采购需在十天内完成。",
        )
        plan.change_task(task(spec), lead, percent_done=70)
    with days_ago(12):
        plan.change_task(
            task(spec),
            lead,
            actual_end=day(-12),
            percent_done=100,
            files=[ContentFile("档案管理系统升级项目需求说明书（定稿）".encode(), name="需求说明书.txt")],
        )
        plan.change_stage(stage(survey), lead, actual_end=day(-12))
    with days_ago(10):
        plan.change_stage(stage(build), lead, actual_start=day(-10))
        plan.change_task(task(storage), lead, actual_start=day(-10), percent_done=30)
    with days_ago(4):
        plan.change_task(task(modules), lead, actual_start=day(-4), percent_done=10)
    with days_ago(1):
        # The storage arrived late: still not done after its planned end.
        plan.change_task(task(storage), lead, percent_done=70)
