"""The rule reads a page's department and level from one table for pages of
every type; what it reads follows the page through publishing, drafts,
copies, moves and deletion, and pages saved before that table existed get
their rows from its migration."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import Page

from home.factories import SectionPageFactory
from portal.access import rules
from portal.access.deletion import disposal_authorised
from portal.access.levels import Level
from portal.access.models import PageAccess
from portal.access.rules import Action

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
