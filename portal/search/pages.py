"""Searching pages for a person: only what they may open, in the query itself
(never filtered after pagination, so counts and facets reveal nothing), with
facets by type, department and year, and relevance or date order."""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.access.rules import Action, controlled_page_models, page_filter
from portal.accounts.models import Department

from .highlight import snippet

ORDERS = {"relevance": _("Relevance"), "date": _("Newest first")}


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class Outcome:
    results: object  # Wagtail search results, for pagination
    facets: dict = field(default_factory=dict)  # "type" / "department" / "year" → [Facet]


def _department_q(department_id):
    return _or_models(lambda model: model.objects.filter(department_id=department_id))


def _or_models(queryset_of):
    condition = Q(pk__in=[])
    for model in controlled_page_models():
        condition |= Q(pk__in=queryset_of(model).values("pk"))
    return condition


def _narrowed(readable, filters):
    if filters.get("type"):
        readable = readable.filter(content_type_id=filters["type"])
    if filters.get("year"):
        readable = readable.filter(last_published_at__year=filters["year"])
    if filters.get("department"):
        readable = readable.filter(_department_q(filters["department"]))
    return readable


def search_pages(user, query, filters=None, order="relevance"):
    """Pages matching ``query`` that ``user`` may find, narrowed by
    ``filters`` (``type``, ``department``, ``year`` ids) and counted by each."""
    filters = filters or {}
    readable = Page.objects.live().filter(depth__gt=1).filter(page_filter(user, Action.SEARCH))
    narrowed = _narrowed(readable, filters)
    if order == "date":
        results = narrowed.order_by("-last_published_at").search(query, order_by_relevance=False)
    else:
        results = narrowed.search(query)
    # Facets count the whole match, before the reader's own narrowing.
    matching = readable.search(query, order_by_relevance=False).get_queryset()
    return Outcome(results=results, facets=_facets(matching))


def _facets(matching):
    return {
        "type": _type_facet(matching),
        "department": _department_facet(matching),
        "year": _year_facet(matching),
    }


def _type_facet(matching):
    rows = matching.values("content_type").annotate(count=Count("pk")).order_by("-count")
    models = {
        pk: ct.model_class()
        for pk, ct in ContentType.objects.in_bulk([r["content_type"] for r in rows]).items()
    }
    return [
        Facet(str(row["content_type"]), models[row["content_type"]]._meta.verbose_name, row["count"])
        for row in rows
        if models.get(row["content_type"]) is not None
    ]


def _department_facet(matching):
    """Departments live on each page type's own table: counted type by type."""
    counts = Counter()
    for model in controlled_page_models():
        rows = model.objects.filter(pk__in=matching.values("pk")).values("department").annotate(n=Count("pk"))
        counts.update({row["department"]: row["n"] for row in rows})
    names = Department.objects.in_bulk([pk for pk in counts if pk])
    return [Facet(str(pk), names[pk].name, count) for pk, count in counts.most_common() if pk in names]


def _year_facet(matching):
    rows = (
        matching.exclude(last_published_at=None)
        .annotate(year=ExtractYear("last_published_at"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    return [Facet(str(row["year"]), str(row["year"]), row["count"]) for row in rows]


@dataclass
class Hit:
    page: Page
    type_label: str
    department: object
    snippet: str


def hits(pages, query):
    """What a result list shows of each page: type, department, a snippet."""
    found = []
    for page in pages:
        specific = page.specific
        text = specific.searchable_text() if hasattr(specific, "searchable_text") else ""
        found.append(
            Hit(
                page=specific,
                type_label=specific._meta.verbose_name,
                department=getattr(specific, "department", None),
                snippet=snippet(text, query),
            )
        )
    return found
