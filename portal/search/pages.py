"""Searching pages for a person: only what they may open, in the query itself
(never filtered after pagination, so counts and facets reveal nothing), with
facets by type, department and year, and relevance or date order."""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone
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
    rows = list(matching.order_by().values_list("pk", "content_type", "last_published_at"))
    if not filters:
        results._count_cache = len(rows)  # the same match: no need to count it again
    return Outcome(results=results, facets=_facets(rows))


def _facets(rows):
    """Counts by type and year from the matching pages' rows, by department
    from each page type's own table."""
    types = Counter(content_type for _pk, content_type, _at in rows)
    years = Counter(timezone.localtime(at).year for _pk, _type, at in rows if at)
    models = {pk: ct.model_class() for pk, ct in ContentType.objects.in_bulk(list(types)).items()}
    departments = Counter()
    for model in controlled_page_models():
        if ContentType.objects.get_for_model(model).pk in types:
            ids = [pk for pk, content_type, _at in rows if models.get(content_type) is model]
            found = model.objects.filter(pk__in=ids).values("department").annotate(n=Count("pk"))
            departments.update({row["department"]: row["n"] for row in found})
    names = Department.objects.in_bulk([pk for pk in departments if pk])
    return {
        "type": [
            Facet(str(pk), models[pk]._meta.verbose_name, n)
            for pk, n in types.most_common()
            if models.get(pk)
        ],
        "department": [
            Facet(str(pk), names[pk].name, n) for pk, n in departments.most_common() if pk in names
        ],
        "year": [Facet(str(year), str(year), n) for year, n in sorted(years.items(), reverse=True)],
    }


@dataclass
class Hit:
    page: Page
    type_label: str
    department: object
    snippet: str


def hits(pages, query):
    """What a result list shows of each page: type, department, a snippet."""
    found = []
    specifics = Page.objects.filter(pk__in=[page.pk for page in pages]).specific().in_bulk()
    departments = Department.objects.in_bulk(
        {getattr(page, "department_id", None) for page in specifics.values()} - {None}
    )
    for page in pages:
        specific = specifics.get(page.pk, page)
        text = specific.searchable_text() if hasattr(specific, "searchable_text") else ""
        found.append(
            Hit(
                page=specific,
                type_label=specific._meta.verbose_name,
                department=departments.get(getattr(specific, "department_id", None)),
                snippet=snippet(text, query),
            )
        )
    return found
