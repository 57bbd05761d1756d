"""Demo policies, training and documents for ``seed_demo`` (the
``liuhen_seed_demo`` hook). Several policies are built from the company's
own trace-keeping policy (``demo_data/policy-zh-hant.md``), in Simplified
Chinese, its chapters and clauses kept."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import opencc
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.html import escape

from portal.access.levels import Level
from portal.accounts.models import Department

from . import demo_acceptance, demo_attendance, demo_followup, demo_materials, demo_meetings, demo_reports
from .factories import (
    DocumentNumberRuleFactory,
    DocumentPageFactory,
    PolicyLibraryPageFactory,
    PolicyPageFactory,
    TrainingPageFactory,
    policy_body,
)
from .models import (
    DocumentKind,
    DocumentNumberRule,
    HomePage,
    PolicyCategory,
    PolicyLibraryPage,
    SectionPage,
)
from .services import training

POLICY_SOURCE = Path(__file__).parent / "demo_data" / "policy-zh-hant.md"
LIBRARY_SLUG = "policy-library"


def parse_policy(text):
    """``[(chapter heading, [(section heading, [item, …]), …]), …]`` from
    the policy's Markdown (## chapters, ### sections, numbered items)."""
    chapters = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("## "):
            chapters.append((re.sub(r"^[一二三四五六七八九十]+、", "", line[3:]), []))
        elif line.startswith("### ") and chapters:
            chapters[-1][1].append((line[4:], []))
        elif re.match(r"^\d+\.", line) and chapters and chapters[-1][1]:
            chapters[-1][1][-1][1].append(re.sub(r"^\d+\.\s*", "", line))
    return chapters


def simplified_policy():
    return parse_policy(opencc.OpenCC("t2s").convert(POLICY_SOURCE.read_text(encoding="utf-8")))


def _p(text):
    return f"<p>{escape(text)}</p>"


def whole_policy_body(chapters):
    """Chapters as chapters; each (一)… section one clause with its items."""
    return policy_body(
        (
            heading,
            [
                _p(section) + "".join(_p(f"{i}. {item}") for i, item in enumerate(items, 1))
                for section, items in sections
            ],
        )
        for heading, sections in chapters
    )


def chapter_policy_body(chapter):
    """One chapter as a policy of its own: sections become chapters, their
    numbered items clauses."""
    return policy_body(
        (
            re.sub(r"^（[一二三四五六七八九十]+）|^\([一二三四五六七八九十]+\)", "", section),
            [_p(item) for item in items] or [_p(section)],
        )
        for section, items in chapter[1]
    )


def seed(seed=None):
    if not Department.objects.filter(code="行").exists():
        return
    users = {u.username: u for u in get_user_model().objects.all()}
    folders = _topic_folders()
    policies = _seed_policies(folders, users)
    _seed_library()
    _seed_training(folders, users, policies)
    _seed_documents(folders, users)
    _seed_approvals(folders, users)
    demo_meetings.seed(folders, users, _days_ago)
    from . import demo_minutes, demo_plan, demo_projects

    demo_projects.seed(folders, users)
    demo_materials.seed(users, _days_ago)
    demo_attendance.seed(users, _days_ago)
    demo_acceptance.seed(users, _days_ago)
    demo_plan.seed(users, _days_ago)
    # The minutes' approval opens the follow-up tasks that demo_followup works on.
    demo_minutes.seed(users, _days_ago)
    demo_followup.seed(users, _days_ago)
    demo_reports.seed(users, _days_ago)


def reset(department_codes):
    PolicyLibraryPage.objects.filter(slug=LIBRARY_SLUG).delete()
    DocumentNumberRule.objects.filter(department__code__in=department_codes).delete()


def _topic_folders():
    """{(department code, topic index): SectionPage} of the demo tree."""
    folders = {}
    for section in SectionPage.objects.filter(depth=3).select_related("department"):
        for index, topic in enumerate(section.get_children().type(SectionPage).specific()):
            folders[(section.department.code, index)] = topic
    return folders


def _policy(folder, owner, **fields):
    # Company policies are read by every employee.
    fields.setdefault("confidentiality", Level.PUBLIC)
    return PolicyPageFactory(parent=folder, department=folder.department, owner=owner, **fields)


def _seed_policies(folders, users):
    today = timezone.localdate()
    chapters = simplified_policy()
    admin_policies = folders[("行", 0)]
    zhaomin = users["zhaomin"]
    old = _policy(
        admin_policies,
        zhaomin,
        title="全程留痕管理制度（2024年版）",
        slug="trace-keeping-2024",
        number="行制〔2024〕1号",
        version="1.0",
        category=PolicyCategory.RECORDS,
        effective_date=datetime.date(2024, 3, 1),
        summary="公司首版留痕管理制度，已由2026年版替代。",
        body=whole_policy_body(chapters[:3]),
    )
    current = _policy(
        admin_policies,
        zhaomin,
        title="全程留痕管理制度",
        slug="trace-keeping",
        number="行制〔2026〕1号",
        version="2.0",
        category=PolicyCategory.RECORDS,
        effective_date=datetime.date(today.year, 1, 1),
        summary="规范公司各类业务活动全过程的记录与留存，确保各项工作可追溯。",
        body=whole_policy_body(chapters),
        supersedes=old,
    )
    by_heading = {chapter[0]: chapter for chapter in chapters}
    derived = [
        ("留痕资料存储与保管办法", "storage", "行制〔2026〕2号", "留痕迹资料的存储与保管"),
        ("留痕管理监督检查办法", "inspection", "行制〔2026〕3号", "监督与检查"),
        ("留痕管理违规处理办法", "violations", "行制〔2026〕4号", "违规处理"),
    ]
    for title, slug, number, heading in derived:
        chapter = by_heading.get(heading)
        if chapter is None:
            continue
        _policy(
            admin_policies,
            zhaomin,
            title=title,
            slug=slug,
            number=number,
            category=PolicyCategory.RECORDS,
            effective_date=datetime.date(today.year, 2, 1),
            summary=f"依据《全程留痕管理制度》“{heading}”一章制定。",
            body=chapter_policy_body(chapter),
        )
    _policy(
        admin_policies,
        zhaomin,
        title="纸质档案借阅暂行规定",
        slug="paper-borrowing-interim",
        number="行制〔2023〕5号",
        category=PolicyCategory.RECORDS,
        effective_date=datetime.date(2023, 6, 1),
        repealed=True,
        repealed_on=datetime.date(2025, 12, 31),
        summary="已废止：借阅规则并入《留痕资料存储与保管办法》。",
        body=policy_body(
            [
                (
                    "借阅",
                    [
                        "<p>借阅纸质档案须填写借阅单，经部门负责人签字。</p>",
                        "<p>借阅期限不超过十五个工作日。</p>",
                    ],
                )
            ]
        ),
    )
    _policy(
        folders[("财", 0)],
        users["qianfeng"],
        title="差旅费报销管理办法",
        slug="travel-expenses",
        number="财制〔2026〕1号",
        category=PolicyCategory.FINANCE,
        effective_date=datetime.date(today.year, 1, 15),
        body=policy_body(
            [
                (
                    "总则",
                    [
                        "<p>为规范差旅费报销，加强费用管理，制定本办法。</p>",
                        "<p>本办法适用于公司全体员工因公出差。</p>",
                    ],
                ),
                (
                    "报销标准",
                    [
                        "<p>住宿费按出差城市类别定额报销。</p>",
                        "<p>城市间交通原则上乘坐高铁二等座或经济舱。</p>",
                    ],
                ),
                (
                    "报销程序",
                    ["<p>出差结束后十个工作日内，凭有效票据在系统中提交报销，并经部门负责人审批。</p>"],
                ),
            ]
        ),
    )
    _policy(
        folders[("技", 0)],
        users["wuhao"],
        title="信息系统账号与权限管理制度",
        slug="accounts-and-permissions",
        number="技制〔2026〕1号",
        category=PolicyCategory.SECURITY,
        effective_date=today + datetime.timedelta(days=20),
        body=policy_body(
            [
                ("总则", ["<p>信息系统账号实行实名制，一人一号，不得转借。</p>"]),
                (
                    "权限管理",
                    [
                        "<p>权限按岗位最小授权，变更须经部门负责人审批并留痕。</p>",
                        "<p>员工离岗当日停用其全部账号。</p>",
                    ],
                ),
            ]
        ),
    )
    return {"trace_keeping": current}


def _seed_library():
    home = HomePage.objects.first()
    if home is None or PolicyLibraryPage.objects.filter(slug=LIBRARY_SLUG).exists():
        return
    PolicyLibraryPageFactory(
        parent=home,
        title="制度库",
        slug=LIBRARY_SLUG,
        department=Department.objects.get(code="行"),
        confidentiality=Level.PUBLIC,
        show_in_menus=True,
        intro="<p>公司现行有效的制度，按发文部门和类别排列；已废止或被替代的制度另列，仍可查阅。</p>",
    )


def _days_ago(days):
    """The clock set back ``days`` while records are made, so that they, their
    revisions and their trail events carry that time as users would have left it."""
    return time_machine.travel(timezone.now() - datetime.timedelta(days=days), tick=True)


def _seed_training(folders, users, policies):
    today = timezone.localdate()
    # Issued three weeks ago, so that confirmations fall after it.
    with _days_ago(20):
        everyone = TrainingPageFactory(
            parent=folders[("行", 0)],
            department=folders[("行", 0)].department,
            owner=users["zhaomin"],
            confidentiality=Level.PUBLIC,
            title="《全程留痕管理制度》全员培训",
            slug="trace-keeping-training",
            body=(
                "<p>本培训介绍《全程留痕管理制度》（2026年版）的主要要求：记录的真实性、完整性、及时性和保密性，"
                "各部门的留痕范围与方式，留痕资料的存储、保管与借阅，以及违规处理。</p>"
                "<p>请全体员工在截止日期前阅读制度全文并确认“我已阅读并理解”。</p>"
            ),
            due_date=today - datetime.timedelta(days=3),
        )
    for username, days_ago in (("zhaomin", 12), ("sunli", 10), ("qianfeng", 9), ("wuhao", 1)):
        with _days_ago(days_ago):
            training.confirm(everyone, users[username])
    training.confirm(everyone, users["zhengyu"])
    with _days_ago(2):
        finance = TrainingPageFactory(
            parent=folders[("财", 0)],
            department=folders[("财", 0)].department,
            owner=users["qianfeng"],
            confidentiality=Level.PUBLIC,
            title="新版差旅费报销流程培训",
            slug="travel-expenses-training",
            body="<p>新版《差旅费报销管理办法》的报销标准与线上提交流程。</p>",
            due_date=today + datetime.timedelta(days=10),
            audience_departments=[folders[("财", 0)].department, folders[("市", 0)].department],
        )
    with _days_ago(1):
        training.confirm(finance, users["zhouqing"])


def _seed_documents(folders, users):
    admin_office = Department.objects.get(code="行")
    finance = Department.objects.get(code="财")
    DocumentNumberRuleFactory(department=admin_office, kind=DocumentKind.OFFICIAL, code="行")
    DocumentNumberRuleFactory(
        department=admin_office,
        kind=DocumentKind.REPORT,
        code="行",
        pattern="〔{year}〕{code}报第{seq:03d}号",
    )
    DocumentNumberRuleFactory(
        department=finance, kind=DocumentKind.CONTRACT, code="财合", pattern="{code}〔{year}〕{seq:04d}号"
    )
    today = timezone.localdate()
    documents = folders[("行", 1)]
    common = {
        "parent": documents,
        "department": admin_office,
        "owner": users["zhaomin"],
        "drafter": users["sunli"],
    }
    DocumentPageFactory(
        **common,
        title="关于开展2026年度留痕管理专项检查的通知",
        slug="inspection-notice",
        purpose="落实《全程留痕管理制度》第五章，检查各部门留痕工作。",
        main_content="<p>各部门：</p><p>为落实公司《全程留痕管理制度》，行政办公室将于下月对各部门工作记录、会议纪要和档案管理情况进行专项检查。请各部门做好自查。</p>",
        draft_date=today - datetime.timedelta(days=6),
    )
    DocumentPageFactory(
        **common,
        kind=DocumentKind.REPORT,
        title="2026年第一季度留痕考核情况报告",
        slug="q1-compliance-report",
        purpose="向公司领导报告第一季度各部门留痕考核结果。",
        main_content="<p>第一季度共抽查工作记录一百二十份，完整率百分之九十六。财务部、市场营销部存在会议纪要归档不及时的问题，已要求限期整改。</p>",
        draft_date=today - datetime.timedelta(days=2),
    )
    DocumentPageFactory(
        **common,
        title="关于调整办公用品领用流程的通知（草稿）",
        slug="supplies-draft",
        main_content="<p>草稿，尚未签发。</p>",
        live=False,
        publish=False,
    )


def _seed_approvals(folders, users):
    """A notice the office head has agreed, now awaiting the leadership, and
    a contract in countersign: the finance head and one countersigner have
    agreed, the others have not yet."""
    from portal.approvals import demo as approvals
    from portal.approvals.models.tasks import APPROVE
    from portal.approvals.setup import CONTRACT, HEAD_THEN_LEADERSHIP

    today = timezone.localdate()
    notice = DocumentPageFactory(
        parent=folders[("行", 1)],
        department=Department.objects.get(code="行"),
        owner=users["sunli"],
        drafter=users["sunli"],
        title="关于2026年度档案集中整理归档工作的通知",
        slug="archiving-notice",
        purpose="统一各部门年度档案整理归档的时间和要求。",
        main_content="<p>各部门应于年底前完成本年度文件材料的整理、分类和移交，档案室统一接收。</p>",
        draft_date=today - datetime.timedelta(days=3),
        live=False,
        publish=False,
    )
    approvals.submit(notice, users["sunli"], HEAD_THEN_LEADERSHIP)
    approvals.act(notice, users["zhaomin"], APPROVE, "同意，请公司领导审批。")

    contract = DocumentPageFactory(
        parent=folders[("财", 1)],
        department=Department.objects.get(code="财"),
        owner=users["zhouqing"],
        drafter=users["zhouqing"],
        kind=DocumentKind.CONTRACT,
        confidentiality=Level.SECRET,
        confidentiality_term="2年",
        title="2027年度信息系统运维服务合同",
        slug="it-maintenance-contract",
        purpose="保障公司业务系统全年稳定运行。",
        main_content="<p>乙方提供服务器、网络和业务系统的日常运维，七乘二十四小时响应，重大故障四小时内到场。</p>",
        counterparty="上海云维信息技术有限公司",
        amount=Decimal("240000.00"),
        term_start=today + datetime.timedelta(days=35),
        term_end=today + datetime.timedelta(days=400),
        draft_date=today - datetime.timedelta(days=5),
        live=False,
        publish=False,
    )
    contract.countersigners.set([users["liuxin"], users["wangjianguo"]])
    approvals.submit(contract, users["zhouqing"], CONTRACT)
    approvals.act(contract, users["qianfeng"], APPROVE, "同意，提请会签。")
    approvals.act(contract, users["liuxin"], APPROVE, "同意。")

    # A secret contract taken through its whole approval, so that its 审批单
    # shows every step: the finance head, the countersigners, the leadership.
    with _days_ago(8):
        equipment = DocumentPageFactory(
            parent=folders[("财", 1)],
            department=Department.objects.get(code="财"),
            owner=users["qianfeng"],
            drafter=users["zhouqing"],
            kind=DocumentKind.CONTRACT,
            confidentiality=Level.SECRET,
            confidentiality_term="3年",
            title="办公设备采购合同",
            slug="office-equipment-contract",
            purpose="采购2026年度办公电脑及打印设备。",
            main_content="<p>甲方向乙方采购台式电脑二十台、激光打印机四台，乙方负责送货安装及三年保修。</p>",
            counterparty="北京华信办公设备有限公司",
            amount=Decimal("86500.00"),
            term_start=today,
            term_end=today + datetime.timedelta(days=3 * 365),
            signing_date=today - datetime.timedelta(days=1),
            draft_date=today - datetime.timedelta(days=8),
            live=False,
            publish=False,
        )
        equipment.countersigners.set([users["zhaomin"], users["liuxin"]])
    with _days_ago(7):
        approvals.submit(equipment, users["zhouqing"], CONTRACT)
    with _days_ago(6):
        approvals.act(equipment, users["qianfeng"], APPROVE, "同意，提请会签。")
    with _days_ago(5):
        approvals.act(equipment, users["zhaomin"], APPROVE, "同意，采购程序符合公司规定。")
        approvals.act(equipment, users["liuxin"], APPROVE, "同意。")
    with _days_ago(4):
        approvals.act(equipment, users["wangjianguo"], APPROVE, "同意签订。")
