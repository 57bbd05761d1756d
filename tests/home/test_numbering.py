"""Document numbers (文号): given on first publication, gap-free per rule and
year, never reused, never duplicated under concurrent publication."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from home.factories import DocumentNumberRuleFactory, DocumentPageFactory
from home.models import DocumentKind, DocumentNumberCounter, DocumentPage
from home.services.numbering import assign_number
from portal.access.deletion import disposal_authorised
from portal.trail.models import Event

YEAR = timezone.localdate().year


@pytest.fixture
def rule(department):
    return DocumentNumberRuleFactory(department=department, kind=DocumentKind.OFFICIAL, code="行")


def _document(section, department, **kwargs):
    return DocumentPageFactory(parent=section, department=department, **kwargs)


@pytest.mark.django_db
def test_rule_formats_the_number(rule):
    assert rule.format(2026, 12) == "〔2026〕行字第012号"
    contract = DocumentNumberRuleFactory(
        department=rule.department,
        kind=DocumentKind.CONTRACT,
        code="行合",
        pattern="{code}〔{year}〕{seq:04d}号",
    )
    assert contract.format(2026, 7) == "行合〔2026〕0007号"


@pytest.mark.django_db
def test_numbers_are_given_on_first_publication_in_sequence(rule, section, department):
    draft = _document(section, department, publish=False, live=False)
    assert draft.document_number == ""
    first = _document(section, department)
    second = _document(section, department)
    assert first.document_number == f"〔{YEAR}〕行字第001号"
    assert second.document_number == f"〔{YEAR}〕行字第002号"
    event = Event.objects.get(action="document.number", target_id=str(first.pk))
    assert event.details["number"] == first.document_number

    # Deleting a draft leaves no gap: it never had a number.
    draft.delete()
    third = _document(section, department)
    assert third.document_number == f"〔{YEAR}〕行字第003号"


@pytest.mark.django_db
def test_a_number_is_kept_through_new_revisions_and_never_reused(rule, section, department):
    first = _document(section, department)
    number = first.document_number
    revision = first.get_latest_revision_as_object()
    revision.subject = "修改后的主题"
    revision.save_revision().publish()
    first.refresh_from_db()
    assert first.document_number == number and first.subject == "修改后的主题"
    assert Event.objects.filter(action="document.number", target_id=str(first.pk)).count() == 1

    with disposal_authorised("disposal list 2026-1"):  # the only way a numbered document goes
        first.delete()
    again = _document(section, department)
    assert again.document_number == f"〔{YEAR}〕行字第002号", "a deleted document's number is not given again"


@pytest.mark.django_db
def test_no_rule_no_number(section, department):
    page = _document(section, department, kind=DocumentKind.REPORT)
    assert page.document_number == ""
    assert not Event.objects.filter(action="document.number").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI's second lane)")
def test_concurrent_publication_never_duplicates_a_number(portal_setup, department):
    from home.factories import SectionPageFactory
    from home.models import HomePage

    rule = DocumentNumberRuleFactory(department=department, kind=DocumentKind.OFFICIAL, code="行")
    section = SectionPageFactory(parent=HomePage.objects.get(), department=department)
    pages = [_document(section, department, kind=DocumentKind.REPORT) for _ in range(12)]
    DocumentPage.objects.filter(pk__in=[p.pk for p in pages]).update(kind=DocumentKind.OFFICIAL)
    barrier = threading.Barrier(len(pages))
    errors = []

    def publish(page_id):
        try:
            page = DocumentPage.objects.get(pk=page_id)
            barrier.wait()
            assign_number(page)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(p.pk,)) for p in pages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(DocumentPage.objects.values_list("document_number", flat=True))
    assert len(set(numbers)) == len(pages)
    assert sorted(numbers) == [rule.format(YEAR, n) for n in range(1, len(pages) + 1)]
    assert DocumentNumberCounter.objects.get(rule=rule, year=YEAR).last == len(pages)


@pytest.mark.django_db
def test_a_copy_is_a_new_document_without_the_number(rule, section, department):
    original = _document(section, department, slug="original")
    copy = original.copy(update_attrs={"slug": "copy", "title": "副本"}, keep_live=False)
    assert copy.specific.document_number == ""
    copy.save_revision().publish()
    copy.refresh_from_db()
    assert copy.specific.document_number == f"〔{YEAR}〕行字第002号"
