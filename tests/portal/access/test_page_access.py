"""The rule reads a page's department, level and the people it names from
one table (and one beside it) for pages of every type; what it reads follows
the page through publishing, drafts, copies, moves and deletion, pages saved
before those tables existed get their rows from their migrations, and a
search costs the same whatever the number of page types."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from home.factories import SectionPageFactory, TrainingPageFactory
from portal.access import rules
from portal.access.deletion import disposal_authorised
from portal.access.levels import Level
from portal.access.models import NamedOnPage, PageAccess
from portal.access.rules import Action
from portal.access.subjects import subject_for
from portal.accounts.factories import DepartmentFactory, UserFactory
from portal.accounts.roles import Role
from portal.search.pages import search_pages
from tests.testapp.models import FAMILY_PAGES

pytestmark = pytest.mark.django_db


def finds(user, page):
    return Page.objects.filter(rules.page_filter(user, Action.SEARCH), pk=page.pk).exists()


def reads(user, page):
    """Whether ``user`` reads ``page`` as stored, asked of the rule and of the
    page filter, which must agree."""
    stored = Page.objects.get(pk=page.pk).specific
    answer = rules.can(user, Action.VIEW, stored)
    assert finds(user, page) is answer, "the rule and its page filter disagree"
    return answer


def publish(page):
    page.save_revision().publish(skip_permission_checks=True)


@pytest.fixture
def report(home_page, department):
    return SectionPageFactory(
        parent=home_page, title="季度检查报告", department=department, confidentiality=Level.INTERNAL
    )


def test_a_published_level_or_department_applies_at_once(report, staff, other_department):
    assert finds(staff, report)
    report.confidentiality = Level.SECRET
    report.save_revision().publish()
    assert not finds(staff, report), "staff do not read their department's secret pages"
    report.confidentiality = Level.INTERNAL
    report.department = other_department
    report.save_revision().publish()
    assert not finds(staff, report), "nor another department's internal ones"


def test_a_draft_changes_nothing_until_it_is_published(report, staff):
    report.confidentiality = Level.SECRET
    revision = report.save_revision()
    assert finds(staff, report), "the live page is still internal"
    revision.publish()
    assert not finds(staff, report)


def test_copies_and_moves_keep_the_rule(report, home_page, staff, department_head, other_department):
    named = UserFactory(roles=[Role.STAFF], department=other_department)
    secret = SectionPageFactory(
        parent=home_page,
        title="人事档案",
        department=report.department,
        confidentiality=Level.SECRET,
        participants=[named],
    )
    copy = secret.copy(to=home_page, update_attrs={"title": "人事档案（副本）", "slug": "copy"})
    assert finds(department_head, copy) and not finds(staff, copy)
    assert reads(named, copy), "the copy names whom the page names"
    secret.move(report, pos="last-child")
    assert finds(department_head, secret) and not finds(staff, secret)


def test_deleting_a_page_deletes_what_the_rule_reads_of_it(report):
    page_id = report.pk
    with disposal_authorised("disposal list 2026-1"):  # the only way a published page goes
        report.delete()
    assert not PageAccess.objects.filter(page_id=page_id).exists()


@pytest.fixture
def outsider(other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="钱峰")


def test_named_people_read_from_publishing_on_and_a_draft_names_nobody(report, outsider):
    report.confidentiality = Level.SECRET
    publish(report)
    assert not reads(outsider, report)

    report.participants = [outsider]
    draft = report.save_revision()
    assert not reads(outsider, report), "a draft naming them does not open the live page"
    assert not rules.can(outsider, Action.VIEW, draft.as_object()), "nor the draft's own object"
    draft.publish(skip_permission_checks=True)
    assert reads(outsider, report)

    report.participants = []
    publish(report)
    assert not reads(outsider, report), "no longer named: the secret page is closed to them again"


def test_named_people_stored_on_their_own_are_read_too(report, outsider):
    report.confidentiality = Level.SECRET
    publish(report)
    report.participants.add(outsider)
    report.save(update_fields=["participants"])
    assert reads(outsider, report)
    report.participants.remove(outsider)
    report.save(update_fields=["participants"])
    assert not reads(outsider, report)


@pytest.fixture
def section(home_page, department):
    return SectionPageFactory(
        parent=home_page, title="培训", department=department, confidentiality=Level.PUBLIC
    )


def test_a_training_names_its_audience_as_published(section, department, other_department, outsider):
    below = UserFactory(
        roles=[Role.STAFF],
        department=DepartmentFactory(code="财审", name="财务审核组", parent=other_department),
    )
    elsewhere = UserFactory(roles=[Role.STAFF], department=DepartmentFactory(code="技", name="技术部"))
    archivist = UserFactory(roles=[Role.ARCHIVIST], department=DepartmentFactory(code="档", name="档案室"))
    training = TrainingPageFactory(
        parent=section, department=department, confidentiality=Level.SECRET, audience=[other_department]
    )
    assert reads(outsider, training) and reads(below, training), "a department names those below it too"
    assert not reads(elsewhere, training) and not reads(archivist, training)

    training.audience_departments = []
    training.audience_roles = [Group.objects.get(name=Role.ARCHIVIST.group_name)]
    draft = training.save_revision()
    assert reads(outsider, training), "the live audience holds until the change is published"
    draft.publish(skip_permission_checks=True)
    assert reads(archivist, training)
    assert not reads(outsider, training) and not reads(below, training)

    training.audience_roles = []
    publish(training)
    assert all(reads(user, training) for user in (outsider, below, elsewhere, archivist)), (
        "naming no department and no role, a training is for every employee"
    )


def test_pages_saved_before_the_table_existed_get_their_rows(report, staff):
    PageAccess.objects.all().delete()
    assert not finds(staff, report), "a page whose row is missing is hidden, never shown"
    migration = importlib.import_module("portal.access.migrations.0002_page_access")
    migration.copy_existing_pages(apps, schema_editor=None)
    assert finds(staff, report)
    assert PageAccess.objects.get(page=report).confidentiality == Level.INTERNAL


def migrated_apps():
    """The models as the migrations leave them: what ``migrate`` gives a data migration."""
    loader = MigrationLoader(connection)
    return loader.project_state(list(loader.graph.leaf_nodes())).apps


def test_pages_named_before_the_table_existed_get_their_rows(report, section, outsider, other_department):
    report.confidentiality = Level.SECRET
    report.participants = [outsider]
    publish(report)
    for_them = TrainingPageFactory(
        parent=section,
        department=report.department,
        confidentiality=Level.SECRET,
        audience=[other_department],
    )
    for_all = TrainingPageFactory(parent=section, department=report.department, confidentiality=Level.SECRET)
    mirrored = set(
        NamedOnPage.objects.values_list("access_id", "user_id", "department_id", "role_id", "everyone")
    )
    NamedOnPage.objects.all().delete()
    assert not any(reads(outsider, page) for page in (report, for_them, for_all))

    for module, function in (
        ("portal.access.migrations.0004_named_on_page", "copy_participants"),
        ("home.migrations.0005_training_audience_named_in_access_table", "copy_training_audiences"),
    ):
        getattr(importlib.import_module(module), function)(migrated_apps(), schema_editor=None)
    assert all(reads(outsider, page) for page in (report, for_them, for_all))
    copied = set(
        NamedOnPage.objects.values_list("access_id", "user_id", "department_id", "role_id", "everyone")
    )
    assert copied == mirrored


# --- One table, whatever the number of page types -------------------------------


def publish_family_pages(parent, department, named):
    """A secret page of each family page type of the test app, naming ``named``."""
    pages = []
    for model in FAMILY_PAGES:
        page = parent.add_child(
            instance=model(
                title=f"Quarry {model.__name__}",
                department=department,
                confidentiality=Level.SECRET,
                participants=[named],
            )
        )
        page.save_revision().publish(skip_permission_checks=True)
        pages.append(page)
    return pages


def search_cost(user, query):
    """What ``user`` finds searching ``query``, and what the search cost:
    queries, and statements in them (subqueries included)."""
    with CaptureQueriesContext(connection) as captured:
        outcome = search_pages(user, query)
        found = {page.pk for page in outcome.results}
    statements = sum(q["sql"].upper().count("SELECT") for q in captured.captured_queries)
    return found, len(captured.captured_queries), statements


def test_a_search_costs_the_same_whatever_the_number_of_page_types(
    home_page, department, other_department, monkeypatch
):
    reader = UserFactory(roles=[Role.STAFF], department=other_department)
    pages = publish_family_pages(home_page, department, named=reader)
    subject_for(reader)
    search_cost(reader, "Quarry")  # content types and the like, cached once

    found, queries, statements = search_cost(reader, "Quarry")
    assert found == {page.pk for page in pages}, "named on each secret page, the reader finds them all"
    assert len({type(page) for page in pages}) == 10

    # The same search when the portal has one of those ten page types.
    registered = rules.get_page_models()
    monkeypatch.setattr(
        rules, "get_page_models", lambda: [m for m in registered if m not in FAMILY_PAGES[1:]]
    )
    _found, queries_with_one, statements_with_one = search_cost(reader, "Quarry")
    assert (queries, statements) == (queries_with_one, statements_with_one)
