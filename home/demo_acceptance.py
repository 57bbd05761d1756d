"""A closed project for ``seed_demo`` (called from :func:`home.demo_pages.seed`
after the projects in execution): the administration office's small
meeting-room booking project, approved, with its project report and test
report, an acceptance report countersigned by its two acceptors, and the
summary whose approval closed it — all made on the days they happened."""

import datetime
from decimal import Decimal

from django.utils import timezone

from portal.access.levels import Level
from portal.accounts.models import Department

from .factories import (
    AcceptanceReportPageFactory,
    ProjectDocumentPageFactory,
    ProjectPageFactory,
    ProjectSummaryPageFactory,
)
from .models import ProjectDocumentKind, SectionPage

PROJECTS_TOPIC = 3  # home.demo.TOPICS: 项目


def _projects_folder(department):
    section = SectionPage.objects.filter(depth=3, department=department).first()
    topics = list(section.get_children().type(SectionPage).specific()) if section else []
    return topics[PROJECTS_TOPIC] if len(topics) > PROJECTS_TOPIC else None


def seed(users, days_ago):
    """``days_ago(n)`` travels back ``n`` days while a record is made."""
    from portal.approvals import demo as approvals
    from portal.approvals.models.tasks import APPROVE
    from portal.approvals.setup import CONTRACT, HEAD_ONLY, HEAD_THEN_LEADERSHIP

    office = Department.objects.get(code="行")
    folder = _projects_folder(office)
    if folder is None:
        return
    today = timezone.localdate()

    def day(offset):
        return today + datetime.timedelta(days=offset)

    common = {"department": office, "confidentiality": Level.INTERNAL, "owner": users["sunli"]}
    with days_ago(120):
        project = ProjectPageFactory(
            parent=folder,
            **common,
            title="会议室预约系统建设项目",
            slug="meeting-room-booking",
            background="会议室靠纸质登记表预约，时间冲突和空置时有发生，使用情况无法统计。",
            goals="上线会议室在线预约，预约、签到和使用统计全程留痕。",
            scope="行政楼和研发中心的八间会议室；不含视频会议设备采购。",
            expected_results="预约冲突为零，会议室使用率按月统计。",
            start_date=day(-115),
            end_date=day(-10),
            milestones=[("系统上线", day(-60), "上线报告"), ("项目验收", day(-20), "验收报告")],
            budget=[("软件定制", Decimal("36000.00")), ("门牌显示屏", Decimal("12000.00"))],
            members=[
                (users["sunli"], "项目负责人"),
                (users["hemei"], "成员（档案与使用统计）"),
                (users["qianfeng"], "验收人（财务）"),
            ],
            departments_involved=[office],
            live=False,
            publish=False,
        )
        approvals.submit(project, users["sunli"], HEAD_THEN_LEADERSHIP)
    with days_ago(119):
        approvals.act(project, users["zhaomin"], APPROVE, "同意立项。")
    with days_ago(118):
        approvals.act(project, users["wangjianguo"], APPROVE, "同意实施，控制预算。")

    documents = [
        (
            80,
            ProjectDocumentKind.REPORT,
            "会议室预约系统上线报告",
            "meeting-room-booking-launch",
            "系统于本月上线，八间会议室全部接入在线预约，纸质登记表停用。",
        ),
        (
            40,
            ProjectDocumentKind.TEST_REPORT,
            "会议室预约系统测试报告",
            "meeting-room-booking-tests",
            "功能测试一百二十项全部通过；并发预约压力测试未出现冲突。",
        ),
    ]
    for days, kind, title, slug, summary in documents:
        with days_ago(days):
            page = ProjectDocumentPageFactory(
                parent=project, **common, kind=kind, title=title, slug=slug, summary=summary,
                document_date=day(-days), live=False, publish=False,
            )  # fmt: skip
            approvals.submit(page, users["sunli"], HEAD_ONLY)
        with days_ago(days - 1):
            approvals.act(page, users["zhaomin"], APPROVE, "同意。")

    with days_ago(20):
        acceptance = AcceptanceReportPageFactory(
            parent=project,
            **common,
            title="会议室预约系统验收报告",
            slug="meeting-room-booking-acceptance",
            document_date=day(-20),
            checked="预约、签到、统计功能；门牌显示屏；使用手册和培训记录。",
            conclusion="各项功能达到立项目标，文档齐全，同意通过验收。",
            acceptors=[users["hemei"], users["qianfeng"]],
            live=False,
            publish=False,
        )
        approvals.submit(acceptance, users["sunli"], CONTRACT)
        approvals.act(acceptance, users["zhaomin"], APPROVE, "同意，提请验收人会签。")
    with days_ago(18):
        approvals.act(acceptance, users["hemei"], APPROVE, "使用统计可按月导出归档，同意验收。")
        approvals.act(acceptance, users["qianfeng"], APPROVE, "支出在预算内，同意验收。")
    with days_ago(17):
        approvals.act(acceptance, users["wangjianguo"], APPROVE, "同意通过验收。")

    with days_ago(10):
        summary = ProjectSummaryPageFactory(
            parent=project,
            **common,
            title="会议室预约系统建设项目总结",
            slug="meeting-room-booking-summary",
            document_date=day(-10),
            results="在线预约、签到和使用统计全部实现；上线以来预约冲突为零，支出四万八千元，未超预算。",
            lessons="门牌显示屏到货晚了两周，硬件采购应与软件开发同时启动。",
            improvements="后续项目在立项时列出采购清单和到货节点，纳入里程碑跟踪。",
            live=False,
            publish=False,
        )
        approvals.submit(summary, users["sunli"], HEAD_THEN_LEADERSHIP)
        approvals.act(summary, users["zhaomin"], APPROVE, "同意。")
    with days_ago(8):
        approvals.act(summary, users["wangjianguo"], APPROVE, "同意结项。")
