"""The site search: record pages, uploaded files and register rows in one
list, each only where the access rule lets the reader find it, with one set
of facets (type, department, year) counted over all of them.

By relevance the list holds the record pages, then the files and register
rows, then the folders (sections), each source in its own relevance order
(:mod:`portal.search.ranking`); by date, all of them newest first.
Every source is counted by the database from the groups of its facets; by
relevance only the slice a result page shows is fetched, by date the
newest of each source up to the end of that slice."""

import datetime
import heapq
from dataclasses import dataclass
from itertools import islice

from django.utils import timezone
from wagtail.models import Page

from portal.accounts.models import Department

from .highlight import people_line, snippet
from .pages import Outcome, facets, page_results
from .records import record_date, record_results, record_url, searchable_models

OLDEST = timezone.make_aware(datetime.datetime(1900, 1, 1))


def search_site(user, query, filters=None, order="relevance"):
    """Pages, files and register rows matching ``query`` that ``user`` may
    find, narrowed by ``filters`` (``type``, ``department``, ``year`` ids)."""
    filters = filters or {}
    by_date = order == "date"
    pages, groups = page_results(user, query, filters, order, folders_apart=not by_date)
    sources, folders = ([pages], []) if by_date else ([pages[0]], [pages[1]])
    for model in searchable_models():
        results, model_groups = record_results(model, user, query, filters, order)
        groups.update(model_groups)
        if results is not None:
            sources.append(results)
    sources += folders
    return Outcome(results=CombinedResults(sources, by_date=by_date), facets=facets(groups))


def _newest_first(record):
    return record_date(record) or OLDEST


class CombinedResults:
    """Several counted search results as one sequence, for a paginator."""

    def __init__(self, sources, by_date=False):
        self.sources = sources
        self.by_date = by_date

    def count(self):
        return sum(source.count() for source in self.sources)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        if self.by_date:
            # Each source is newest first: the first ``stop`` of each hold the merged slice.
            merged = heapq.merge(*(list(s[:stop]) for s in self.sources), key=_newest_first, reverse=True)
            return list(islice(merged, start, stop))
        found, offset = [], 0
        for source in self.sources:
            size = source.count()
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                found.extend(source[low:high])
            offset += size
            if offset >= stop:
                break
        return found


@dataclass
class Hit:
    title: str
    url: str
    type_label: str
    department: object
    date: datetime.datetime | None
    snippet: str
    people: str = ""  # the people whose names match, by their part in the record


def hits(items, query, request=None):
    """What a result list shows of each item: title, link, type, department,
    date and a snippet of its text around the match."""
    pages = Page.objects.filter(pk__in=[item.pk for item in items if isinstance(item, Page)])
    specifics = pages.specific().in_bulk()
    records = [specifics.get(item.pk, item) if isinstance(item, Page) else item for item in items]
    departments = Department.objects.in_bulk(
        {getattr(record, "department_id", None) for record in records} - {None}
    )
    found = []
    for record in records:
        text = record.searchable_text() if hasattr(record, "searchable_text") else ""
        found.append(
            Hit(
                title=record.title if isinstance(record, Page) else str(record),
                url=record.get_url(request) if isinstance(record, Page) else record_url(record),
                type_label=record._meta.verbose_name,
                department=departments.get(getattr(record, "department_id", None)),
                date=record_date(record),
                snippet=snippet(text, query),
                people=people_line(record.search_people(), query) if hasattr(record, "search_people") else "",
            )
        )
    return found
