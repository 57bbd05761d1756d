"""Demo records for ``seed_demo``: pages and files at every confidentiality
level in four departments, a pending and an approved access request, and an
approved external-audit visit for huangshen. Everything goes through the
services, so the demo trail reads like real use."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from home import demo as organisation
from home.factories import SectionPageFactory
from home.models import SectionPage
from portal.accounts.models import Department

from .levels import Level
from .models import AccessRequest, ExternalVisit, RecordDocument, RefusalFlag, VisitCredential
from .services import grants, visits

User = get_user_model()

# department code → (author, [(title, level, named participants)]), one per level
RECORDS = {
    "财": (
        "qianfeng",
        [
            ("差旅费报销标准", Level.PUBLIC, []),
            ("2026年度预算编制说明", Level.INTERNAL, []),
            ("2025年度审计调整事项", Level.SECRET, ["guoyun"]),
            ("薪酬调整方案", Level.CONFIDENTIAL, ["zhouqing"]),
        ],
    ),
    "技": (
        "wuhao",
        [
            ("研发部门值班安排", Level.PUBLIC, []),
            ("代码评审规范", Level.INTERNAL, []),
            ("新一代产品技术路线", Level.SECRET, ["chenjing"]),
            ("核心算法专利申请材料", Level.CONFIDENTIAL, ["zhengyu"]),
        ],
    ),
    "市": (
        "chenjing",
        [
            ("品牌视觉规范", Level.PUBLIC, []),
            ("2026年第一季度市场活动计划", Level.INTERNAL, []),
            ("重点客户报价策略", Level.SECRET, ["qianfeng"]),
            ("战略合作谈判底线", Level.CONFIDENTIAL, []),
        ],
    ),
    "行": (
        "zhaomin",
        [
            ("办公用品领用制度", Level.PUBLIC, []),
            ("会议室使用安排", Level.INTERNAL, []),
            ("人事任免建议名单", Level.SECRET, []),
            ("重大事项请示（草案）", Level.CONFIDENTIAL, ["sunli"]),
        ],
    ),
}

# (title, file name, department code, level, uploader)
FILES = [
    ("2025年度财务报表", "financial-statements-2025.csv", "财", Level.INTERNAL, "qianfeng"),
    ("技术路线图", "technology-roadmap.txt", "技", Level.SECRET, "wuhao"),
    ("华信会计师事务所审计业务约定书", "engagement-letter.txt", "档", Level.SECRET, "hemei"),
]


def _users():
    return {
        user.username: user
        for user in User.objects.filter(username__in=[a[0] for a in organisation.ACCOUNTS])
    }


def seed_demo(seed):
    users = _users()
    departments = {d.code: d for d in Department.objects.all()}
    pages = _seed_pages(users, departments)
    files = _seed_files(users, departments)
    _seed_requests(users, pages)
    _seed_visit(users, departments, files["华信会计师事务所审计业务约定书"])


def _seed_pages(users, departments):
    """Department sections and their topics are open to every employee;
    the records inside them carry the four levels."""
    pages = {}
    codes = [code for code, _name, _parent in organisation.DEPARTMENTS]
    for section in SectionPage.objects.filter(department__code__in=codes, depth__lte=4):
        section.confidentiality = Level.PUBLIC
        section.save_revision().publish()
    for code, (author, records) in RECORDS.items():
        section = SectionPage.objects.get(depth=3, department=departments[code])
        documents = section.get_children().filter(title=str(organisation.TOPICS[1])).first() or section
        for title, level, named in records:
            page = SectionPageFactory(
                parent=documents,
                title=title,
                department=departments[code],
                confidentiality=level,
                owner=users[author],
                intro=f"<p>{title}（演示记录）。</p>",
            )
            page.participants.set([users[name] for name in named])
            page.save_revision().publish()
            pages[title] = page
    return pages


def _seed_files(users, departments):
    files = {}
    for title, name, code, level, uploader in FILES:
        document = RecordDocument(
            title=title, department=departments[code], confidentiality=level, uploaded_by_user=users[uploader]
        )
        document.file.save(name, ContentFile(f"{title}\n演示文件，仅供演示。\n".encode()), save=False)
        document._set_document_file_metadata()
        document.save()
        files[title] = document
    return files


def _seed_requests(users, pages):
    now = timezone.now()
    grants.request_access(
        users["zhengyu"],
        reason="编制研发项目预算，需要参考财务部的预算编制说明。",
        starts_at=now,
        ends_at=now + datetime.timedelta(days=7),
        record=pages["2026年度预算编制说明"],
    )
    approved = grants.request_access(
        users["linfang"],
        reason="准备客户技术交流材料，需要了解产品技术路线。",
        starts_at=now,
        ends_at=now + datetime.timedelta(days=14),
        record=pages["新一代产品技术路线"],
    )
    grants.decide(approved, users["wangjianguo"], approve=True, opinion="同意。仅限本人查阅，不得外传。")


def _seed_visit(users, departments, credential):
    now = timezone.now()
    visit = ExternalVisit(
        organisation="华信会计师事务所",
        purpose="2025年度财务报表审计：查阅财务部的内部记录。",
        max_level=Level.INTERNAL,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=5),
    )
    visit.visitors = [users["huangshen"]]
    visit.departments = [departments["财"]]
    visit.credentials = [VisitCredential(document=credential, description="审计业务约定书及执业证书")]
    visits.register_visit(visit, users["hemei"])
    visits.decide(
        visit,
        users["wangjianguo"],
        approve=True,
        opinion="同意，由档案室何梅全程陪同。",
        escort=users["hemei"],
    )


def reset_demo(usernames, department_codes):
    """Remove what :func:`seed_demo` made, before the organisation goes."""
    demo_users = User.objects.filter(username__in=usernames)
    AccessRequest.objects.filter(
        Q(requester__in=demo_users) | Q(decided_by__in=demo_users) | Q(closed_by__in=demo_users)
    ).delete()
    involved = ExternalVisit.objects.filter(
        Q(visitors__in=demo_users) | Q(registered_by__in=demo_users) | Q(escort__in=demo_users)
    )
    ExternalVisit.objects.filter(pk__in=involved.values("pk")).delete()
    RecordDocument.objects.filter(department__code__in=department_codes).delete()
    RefusalFlag.objects.filter(user__in=demo_users).delete()
