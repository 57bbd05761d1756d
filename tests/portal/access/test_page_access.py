"""The rule reads a page's department and level from one table for pages of
every type; what it reads follows the page through publishing, drafts,
copies, moves and deletion, and pages saved before that table existed get
their rows from its migration."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from home.factories import SectionPageFactory
from portal.access import rules
from portal.access.deletion import disposal_authorised
from portal.access.levels import Level
from portal.access.models import PageAccess
from portal.access.rules import Action
from portal.access.subjects import subject_for
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.search.pages import search_pages
from tests.testapp.models import FAMILY_PAGES

pytestmark = pytest.mark.django_db


def finds(user, page):
    return Page.objects.filter(rules.page_filter(user, Action.SEARCH), pk=page.pk).exists()


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


def test_copies_and_moves_keep_the_rule(report, home_page, staff, department_head):
    secret = SectionPageFactory(
        parent=home_page, title="人事档案", department=report.department, confidentiality=Level.SECRET
    )
    copy = secret.copy(to=home_page, update_attrs={"title": "人事档案（副本）", "slug": "copy"})
    assert finds(department_head, copy) and not finds(staff, copy)
    secret.move(report, pos="last-child")
    assert finds(department_head, secret) and not finds(staff, secret)


def test_deleting_a_page_deletes_what_the_rule_reads_of_it(report):
    page_id = report.pk
    with disposal_authorised("disposal list 2026-1"):  # the only way a published page goes
        report.delete()
    assert not PageAccess.objects.filter(page_id=page_id).exists()


def test_pages_saved_before_the_table_existed_get_their_rows(report, staff):
    PageAccess.objects.all().delete()
    assert not finds(staff, report), "a page whose row is missing is hidden, never shown"
    migration = importlib.import_module("portal.access.migrations.0002_page_access")
    migration.copy_existing_pages(apps, schema_editor=None)
    assert finds(staff, report)
    assert PageAccess.objects.get(page=report).confidentiality == Level.INTERNAL


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
