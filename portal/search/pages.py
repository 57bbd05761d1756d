"""Searching pages for a person: only what they may open, in the query itself
(never filtered after pagination, so counts and facets reveal nothing), with
facets by type, department and year, and relevance or date order."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, get_page_models

from portal.access.rules import Action, page_filter
from portal.accounts.models import Department

ORDERS = {"relevance": _("Relevance"), "date": _("Newest first")}
RECENT_YEARS = 10


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class Outcome:
    results: object  # Wagtail search results, for pagination
    facets: dict = field(default_factory=dict)  # "type" / "department" / "year" → [Facet]


def _narrowed(readable, filters):
    if filters.get("type"):
        readable = readable.filter(content_type_id=filters["type"])
    if filters.get("year"):
        readable = readable.filter(last_published_at__year=filters["year"])
    if filters.get("department"):
        readable = readable.filter(access__department_id=filters["department"])
    return readable


def search_pages(user, query, filters=None, order="relevance"):
    """Pages matching ``query`` that ``user`` may find, narrowed by
    ``filters`` (``type``, ``department``, ``year`` ids) and counted by each."""
    results, groups = page_results(user, query, filters or {}, order)
    return Outcome(results=results, facets=facets(groups))


def page_results(user, query, filters, order, folders_apart=False):
    """The search results (counted) and the groups of the whole match, for
    :func:`facets`. With ``folders_apart``, by relevance, the results are two:
    the records, then the folders (sections), for a list that shows other
    records (files, registers) between them."""
    readable = Page.objects.live().filter(depth__gt=1).filter(page_filter(user, Action.SEARCH))
    narrowed = _narrowed(readable, filters)
    # Facets count the whole match, before the reader's own narrowing.
    groups = _groups(readable.search(query, order_by_relevance=False).get_queryset())
    if order == "date":
        results = narrowed.order_by("-last_published_at").search(query, order_by_relevance=False)
    elif folders_apart:
        folders = folder_type_ids()
        records = narrowed.exclude(content_type__in=folders).search(query)
        in_folders = narrowed.filter(content_type__in=folders).search(query)
        # Each count is the groups of its types the filters keep: the match is not counted again.
        records._count_cache = kept_count({k: n for k, n in groups.items() if k[0] not in folders}, filters)
        in_folders._count_cache = kept_count({k: n for k, n in groups.items() if k[0] in folders}, filters)
        return [records, in_folders], groups
    else:
        results = narrowed.search(query)
    # The narrowed count is the groups the filters keep: no need to count the match again.
    results._count_cache = kept_count(groups, filters)
    return results, groups


def folder_type_ids():
    """Content type ids of the page types that are folders (``search_folder``)."""
    return [
        ContentType.objects.get_for_model(model).pk
        for model in get_page_models()
        if getattr(model, "search_folder", False)
    ]


def _groups(matching):
    """``{(type id, department id, year): number of pages}`` of the match,
    counted by the database."""
    rows = (
        matching.order_by()
        .values_list("content_type", "access__department", local_year("last_published_at"))
        .annotate(n=Count("pk"))
    )
    return {(type_id, department_id, year): n for type_id, department_id, year, n in rows}


def local_year(name):
    """The year of the date ``name`` in the current time zone, as the ``__year``
    lookup that narrows to a year has it. A date of the last ten years is
    compared with the start of each of those years, which costs the database
    a few comparisons (SQLite would otherwise call Python to convert every
    matching page's date); any other date, or none, is converted as usual."""
    converted = ExtractYear(name)
    this_year = timezone.localtime().year
    return Case(
        When(**{f"{name}__gte": _new_year(this_year + 1)}, then=converted),
        *(
            When(**{f"{name}__gte": _new_year(year)}, then=Value(year))
            for year in range(this_year, this_year - RECENT_YEARS, -1)
        ),
        default=converted,
        output_field=IntegerField(),
    )


def _new_year(year):
    return timezone.make_aware(datetime.datetime(year, 1, 1))


def kept_count(groups, filters):
    """How many of the ``groups`` ``filters`` keep."""
    return sum(n for key, n in groups.items() if _kept(key, filters))


def _kept(key, filters):
    return all(
        not filters.get(name) or value == int(filters[name])
        for name, value in zip(("type", "department", "year"), key, strict=True)
    )


def facets(groups):
    """Counts by type, department and year, most frequent (or latest) first."""
    counts = {name: Counter() for name in ("type", "department", "year")}
    for key, n in groups.items():
        for name, value in zip(counts, key, strict=True):
            if value is not None:
                counts[name][value] += n
    models = {pk: ContentType.objects.get_for_id(pk).model_class() for pk in counts["type"]}
    names = Department.objects.in_bulk(list(counts["department"]))
    return {
        "type": [
            Facet(str(pk), models[pk]._meta.verbose_name, n)
            for pk, n in counts["type"].most_common()
            if models.get(pk)
        ],
        "department": [
            Facet(str(pk), names[pk].name, n) for pk, n in counts["department"].most_common() if pk in names
        ],
        "year": [Facet(str(year), str(year), n) for year, n in sorted(counts["year"].items(), reverse=True)],
    }
