"""A small organisation with one record per confidentiality level (a page,
a register record and a file) and one person per way of relating to them."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
import reversion
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from home.factories import SectionPageFactory
from home.models import HomePage
from portal.access.levels import Level
from portal.access.models import ExternalVisit, RecordDocument, RefusalFlag
from portal.access.services import grants, visits
from portal.accounts.factories import DepartmentFactory, UserFactory
from portal.accounts.roles import Role
from registers.services import circulation
from tests.conftest import is_set_up, set_up_portal
from tests.testapp.access import allow_memos
from tests.testapp.models import Memo

LEVELS = list(Level)
LETTERS = {Level.PUBLIC: "P", Level.INTERNAL: "I", Level.SECRET: "S", Level.CONFIDENTIAL: "C"}

# Who reads which level of a record owned by department A (the policy in
# the README, written out by hand): P public, I internal, S secret, C confidential.
READS = {
    "staff_same": "PI",  # staff of A
    "staff_other": "P",  # staff of B
    "head_same": "PIS",
    "head_other": "P",
    "leader": "PISC",
    "archivist": "PI",
    "internal_audit": "PI",
    "it": "P",
    "author": "PISC",  # staff of B who wrote the records
    "participant": "PISC",  # staff of B named on them
    "grantee": "PISC",  # staff of B with a grant on each record
    "department_grantee": "PIS",  # staff of B with a grant on A's records up to secret
    "visitor": "PI",  # external auditor; visit scope: A, up to internal
}
EDITS = {
    "staff_same": "PI",
    "head_same": "PIS",
    "leader": "PISC",
    "archivist": "PI",
    "author": "PISC",
}
SUBJECTS = list(READS)


def expected(table, subject, level):
    return LETTERS[level] in table.get(subject, "")


@dataclass
class World:
    department: object
    other: object
    people: dict = field(default_factory=dict)
    section: object = None
    pages: dict = field(default_factory=dict)
    memos: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)

    def records(self):
        return [*self.pages.values(), *self.memos.values(), *self.documents.values()]

    def fresh(self):
        """The same rows as new objects, so that nothing a test changes or
        caches on one (the access rule keeps what it loaded on a user) reaches
        the next test."""
        return World(
            department=_fresh({0: self.department})[0],
            other=_fresh({0: self.other})[0],
            people=_fresh(self.people),
            section=_fresh({0: self.section})[0],
            pages=_fresh(self.pages),
            memos=_fresh(self.memos),
            documents=_fresh(self.documents),
        )


def _fresh(objects):
    """``{key: object}`` reloaded from the database, one query per model."""
    pks = defaultdict(list)
    for obj in objects.values():
        pks[type(obj)].append(obj.pk)
    loaded = {model: model._default_manager.in_bulk(ids) for model, ids in pks.items()}
    return {key: loaded[type(obj)][obj.pk] for key, obj in objects.items()}


def _person(role, department, **kwargs):
    return UserFactory(roles=[role], department=department, **kwargs)


def _people(a, b):
    office = DepartmentFactory(code="总", name="总经理办公室")
    people = {
        "staff_same": _person(Role.STAFF, a, username="staff_same"),
        "staff_other": _person(Role.STAFF, b, username="staff_other"),
        "head_same": _person(Role.DEPARTMENT_HEAD, a, username="head_same"),
        "head_other": _person(Role.DEPARTMENT_HEAD, b, username="head_other"),
        "leader": _person(Role.LEADERSHIP, office, username="leader"),
        "archivist": _person(
            Role.ARCHIVIST, DepartmentFactory(code="档", name="档案室"), username="archivist"
        ),
        "internal_audit": _person(
            Role.INTERNAL_AUDIT, DepartmentFactory(code="审", name="内部审计部"), username="internal_audit"
        ),
        "it": _person(Role.IT, DepartmentFactory(code="信", name="信息技术部"), username="it"),
        "visitor": _person(Role.EXTERNAL_AUDITOR, None, username="visitor"),
    }
    for name in ("author", "participant", "grantee", "department_grantee"):
        people[name] = _person(Role.STAFF, b, username=name)
    a.heads.add(people["head_same"])
    b.heads.add(people["head_other"])
    return people


def make_document(title, department, level, uploader=None, participants=()):
    document = RecordDocument(
        title=title, department=department, confidentiality=level, uploaded_by_user=uploader
    )
    document.file.save(f"{title.replace(' ', '-')}.txt", ContentFile(f"{title}\n".encode()), save=False)
    document._set_document_file_metadata()
    document.save()
    document.participants.set(participants)
    return document


def grant(user, approver, *, record=None, department=None, max_level=None, days=7):
    now = timezone.now()
    request = grants.request_access(
        user,
        reason="test",
        starts_at=now - datetime.timedelta(minutes=1),
        ends_at=now + datetime.timedelta(days=days),
        record=record,
        department=department,
        max_level=max_level,
    )
    return grants.decide(request, approver, approve=True, opinion="同意")


def open_visit(visitor, leader, archivist, departments, max_level, **kwargs):
    now = timezone.now()
    visit = ExternalVisit(
        organisation="审计事务所",
        purpose="年度审计",
        max_level=max_level,
        starts_at=kwargs.pop("starts_at", now - datetime.timedelta(hours=1)),
        ends_at=kwargs.pop("ends_at", now + datetime.timedelta(days=2)),
    )
    visit.visitors = [visitor]
    visit.departments = departments
    visit.record_types = kwargs.pop("record_types", [])
    visits.register_visit(visit, archivist)
    return visits.decide(visit, leader, approve=True, opinion="同意", escort=archivist, **kwargs)


def build_world():
    allow_memos()
    # The departments of the ``department`` and ``other_department`` fixtures.
    department = DepartmentFactory(code="行", name="行政办公室")
    other = DepartmentFactory(code="财", name="财务部")
    w = World(department=department, other=other)
    w.people = people = _people(department, other)
    w.section = SectionPageFactory(
        parent=HomePage.objects.get(), title="Section A", department=department, confidentiality=Level.PUBLIC
    )
    for level in LEVELS:
        title = f"Zephyr {level.name.lower()}"
        page = SectionPageFactory(
            parent=w.section,
            title=title,
            intro=f"<p>Contents of {title}</p>",
            department=department,
            confidentiality=level,
            owner=people["author"],
        )
        page.participants.set([people["participant"]])
        page.save()
        w.pages[level] = page
        w.memos[level] = Memo.objects.create(
            title=title, department=department, confidentiality=level, author=people["author"]
        )
        w.memos[level].participants.set([people["participant"]])
        w.documents[level] = make_document(
            title, department, level, people["author"], participants=[people["participant"]]
        )
    for record in w.records():
        grant(people["grantee"], people["leader"], record=record)
    grant(people["department_grantee"], people["leader"], department=department, max_level=Level.SECRET)
    open_visit(people["visitor"], people["leader"], people["archivist"], [department], Level.INTERNAL)
    return w


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker):
    """The world, built once per test module inside a transaction that each
    test's own transaction nests in (as a savepoint, as Django's
    ``setUpTestData`` does) and that is rolled back after the module; so
    no test that uses it can be transactional."""
    outer = transaction.atomic()
    outer._from_testcase = True  # as Django's TestCase marks its class-wide atomic
    with django_db_blocker.unblock(), outer:
        if not is_set_up():
            set_up_portal()
        w = build_world()
        with django_db_blocker.block():
            yield w
        transaction.set_rollback(True)


@pytest.fixture
def world(portal_setup, built_world):
    return built_world.fresh()


def in_english(user):
    """Show ``user`` the portal in English, so tests read the msgids (the
    Chinese catalogues are merged separately)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


# --- The production registers: one record of each, and the people they name ---


def raise_flag(user, at):
    """A repeated-refusal flag as ``services.flags`` raises it: one version."""
    with reversion.create_revision():
        flag = RefusalFlag.objects.create(user=user, window_start=at, refusals=12)
        reversion.set_comment("access.refusals_flagged")
    return flag


@pytest.fixture
def people(world):
    people = dict(world.people)
    people["office"] = UserFactory(
        roles=[Role.ADMINISTRATION_OFFICE], department=world.other, username="office"
    )
    people["registrar"] = UserFactory(roles=[Role.ARCHIVIST], department=world.other, username="registrar")
    people["escort"] = UserFactory(roles=[Role.ARCHIVIST], department=world.other, username="escort")
    return people


@pytest.fixture
def registers(world, people):
    pages = world.pages
    sender, recipient = people["author"], people["participant"]
    now = timezone.now()
    visit = ExternalVisit(
        organisation="华信会计师事务所",
        purpose="专项审计",
        starts_at=now,
        ends_at=now + datetime.timedelta(days=1),
    )
    visit.visitors = [people["visitor"]]
    visit.departments = [world.department]
    visits.register_visit(visit, people["registrar"])
    visits.decide(visit, people["leader"], approve=True, opinion="同意", escort=people["escort"])
    return {
        "circulation_public": circulation.circulate(pages[Level.PUBLIC], sender, recipients=[recipient]),
        "circulation_secret": circulation.circulate(pages[Level.SECRET], sender, recipients=[recipient]),
        "request": grants.request_access(
            recipient,
            reason="核对台账",
            starts_at=now,
            ends_at=now + datetime.timedelta(days=3),
            record=pages[Level.INTERNAL],
        ),
        "visit": ExternalVisit.objects.get(pk=visit.pk),
        "flag": raise_flag(people["staff_other"], now),
    }
