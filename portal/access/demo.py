"""Demo data for ``seed_demo`` (the ``liuhen_seed_demo`` hook): files at
several levels, a pending and an approved access request, and an approved
external-audit visit for huangshen. The demo organisation and its records at
every level come from ``home``'s seed, which runs first; this module finds
them through the access rule's models only (``portal`` does not import
``home``). Everything goes through the services, so the demo trail reads like
real use."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from portal.accounts.models import Department

from .levels import Level
from .models import AccessRequest, ExternalVisit, RecordDocument, RefusalFlag, VisitCredential
from .rules import controlled_page_models
from .services import grants, visits

User = get_user_model()

# (title, file name, department code, level, uploader)
FILES = [
    ("2025年度财务报表", "financial-statements-2025.csv", "财", Level.INTERNAL, "qianfeng"),
    ("技术路线图", "technology-roadmap.txt", "技", Level.SECRET, "wuhao"),
    ("华信会计师事务所审计业务约定书", "engagement-letter.txt", "档", Level.SECRET, "hemei"),
]
CREDENTIAL = "华信会计师事务所审计业务约定书"
DEMO_USERS = ("qianfeng", "wuhao", "hemei", "zhengyu", "linfang", "wangjianguo", "huangshen")


def seed_demo(seed):
    users = {user.username: user for user in User.objects.filter(username__in=DEMO_USERS)}
    departments = {department.code: department for department in Department.objects.all()}
    files = _seed_files(users, departments)
    _seed_requests(users, departments)
    _seed_visit(users, departments, files[CREDENTIAL])


def _record(department, level):
    """A demo page of ``department`` at ``level``, whatever its page type."""
    for model in controlled_page_models():
        page = model.objects.filter(department=department, confidentiality=level).order_by("-depth").first()
        if page is not None:
            return page
    raise LookupError(f"no demo record of {department} at {level.label}")


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


def _seed_requests(users, departments):
    now = timezone.now()
    grants.request_access(
        users["zhengyu"],
        reason="编制研发项目预算，需要参考财务部的预算编制说明。",
        starts_at=now,
        ends_at=now + datetime.timedelta(days=7),
        record=_record(departments["财"], Level.INTERNAL),
    )
    approved = grants.request_access(
        users["linfang"],
        reason="准备客户技术交流材料，需要了解产品技术路线。",
        starts_at=now,
        ends_at=now + datetime.timedelta(days=14),
        record=_record(departments["技"], Level.SECRET),
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
