"""Document numbers (文号): given when a document is first published, from
its department's rule for its kind, gap-free within a year and never reused.

The rule's row is locked while the counter is read and raised, so two
documents published at the same moment, on any number of app servers, get
two different numbers; the unique constraint on the page's number is the
last guard."""

from django.db import transaction
from django.utils import timezone
from wagtail.search import index

from portal import trail

from ..models import DocumentNumberCounter, DocumentNumberRule, DocumentPage


def assign_number(page, *, user=None):
    """Give ``page`` (a live :class:`DocumentPage` without a number) its
    number and record the trail event; return the number, or ``""`` when
    the page has one already or no rule applies."""
    if page.document_number or page.department_id is None:
        return page.document_number
    with transaction.atomic():
        rule = (
            DocumentNumberRule.objects.select_for_update()
            .filter(department_id=page.department_id, kind=page.kind)
            .first()
        )
        if rule is None:
            return ""
        # Re-read under the lock: another process may have numbered it.
        current = DocumentPage.objects.filter(pk=page.pk).values_list("document_number", flat=True).first()
        if current:
            page.document_number = current
            return current
        year = timezone.localdate().year
        counter, _created = DocumentNumberCounter.objects.select_for_update().get_or_create(
            rule=rule, year=year
        )
        counter.last += 1
        counter.save(update_fields=["last"])
        number = rule.format(year, counter.last)
        DocumentPage.objects.filter(pk=page.pk).update(document_number=number)
        page.document_number = number
        # The update above bypasses save(): index the number for search.
        index.insert_or_update_object(page)
        trail.record(
            "document.number",
            actor=user,
            target=page,
            details={"number": number, "rule": rule.pk, "year": year, "sequence": counter.last},
        )
    return number
