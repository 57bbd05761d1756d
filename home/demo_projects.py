"""Demo projects for ``seed_demo`` (called from :func:`home.demo_pages.seed`):
one in execution, approved through the countersign of the departments
involved and the leadership, with a milestone past due; one awaiting
countersign."""

import datetime
from decimal import Decimal

from django.utils import timezone

from portal.access.levels import Level
from portal.accounts.models import Department

from .demo_pages import _days_ago
from .factories import ProjectPageFactory

PROJECTS_TOPIC = 3  # home.demo.TOPICS: 项目


def seed(folders, users):
    from portal.approvals import demo as approvals
    from portal.approvals.models.tasks import APPROVE
    from portal.approvals.setup import CONTRACT

    departments = {d.code: d for d in Department.objects.all()}
    today = timezone.localdate()

    def day(offset):
        return today + datetime.timedelta(days=offset)

    with _days_ago(50):
        archive = ProjectPageFactory(
            parent=folders[("技", PROJECTS_TOPIC)],
            department=departments["技"],
            owner=users["zhengyu"],
            confidentiality=Level.INTERNAL,
            title="档案管理系统升级项目",
            slug="archive-system-upgrade",
            background="现有档案管理系统建于2015年，检索缓慢，不支持电子档案的全文检索和长期保存格式。",
            goals="实现电子档案全文检索、四性检测和长期保存，纸质档案数字化后统一管理。",
            scope="档案室的档案接收、整理、检索和借阅；信息技术部负责服务器和存储。",
            expected_results="档案检索时间缩短到一秒以内；年度归档全部在线完成。",
            start_date=day(-45),
            end_date=day(240),
            milestones=[
                ("需求调研与方案确认", day(-10), "需求说明书、技术方案"),
                ("系统开发与测试", day(60), "测试报告"),
                ("上线试运行", day(150), "试运行报告"),
                ("项目验收", day(230), "验收报告"),
            ],
            budget=[
                ("软件开发", Decimal("280000.00")),
                ("服务器及存储", Decimal("120000.00")),
                ("历史数据迁移", Decimal("35000.00")),
                ("培训", Decimal("15000.00")),
            ],
            members=[
                (users["zhengyu"], "项目负责人"),
                (users["hemei"], "成员（档案业务）"),
                (users["xuqiang"], "成员（系统运维）"),
            ],
            departments_involved=[departments["档"], departments["信"]],
            live=False,
            publish=False,
        )
    with _days_ago(49):
        approvals.submit(archive, users["zhengyu"], CONTRACT)
    with _days_ago(48):
        approvals.act(archive, users["wuhao"], APPROVE, "同意立项，提请相关部门会签。")
    with _days_ago(47):
        approvals.act(archive, users["zhaomin"], APPROVE, "同意，档案室全力配合。")
        approvals.act(archive, users["xuqiang"], APPROVE, "同意，服务器资源已预留。")
    with _days_ago(46):
        approvals.act(archive, users["wangjianguo"], APPROVE, "同意实施，按期完成。")

    with _days_ago(3):
        crm = ProjectPageFactory(
            parent=folders[("市", PROJECTS_TOPIC)],
            department=departments["市"],
            owner=users["linfang"],
            confidentiality=Level.INTERNAL,
            title="客户关系管理平台建设项目",
            slug="crm-platform",
            background="客户信息分散在各客户经理的表格中，跟进记录难以共享和追溯。",
            goals="建立统一的客户关系管理平台，客户资料和跟进记录集中管理、全程留痕。",
            scope="市场营销部的客户资料、商机和跟进记录；与财务部的回款数据对接。",
            expected_results="客户资料完整率达到百分之九十五，回款跟进及时率明显提高。",
            start_date=day(14),
            end_date=day(200),
            milestones=[
                ("平台选型", day(40), "选型报告"),
                ("数据导入与上线", day(120), "上线报告"),
            ],
            budget=[("平台订阅费", Decimal("96000.00")), ("实施服务", Decimal("54000.00"))],
            members=[(users["linfang"], "项目负责人"), (users["zhengyu"], "技术支持")],
            departments_involved=[departments["技"], departments["财"]],
            live=False,
            publish=False,
        )
    with _days_ago(2):
        approvals.submit(crm, users["linfang"], CONTRACT)
        approvals.act(crm, users["chenjing"], APPROVE, "同意，提请技术研发部、财务部会签。")
    with _days_ago(1):
        approvals.act(crm, users["qianfeng"], APPROVE, "同意，预算在年度计划内。")
