"""Wagtail's database search backend (SQLite FTS5 or PostgreSQL), asked in
segmented terms: ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND":
"portal.search.backend"}}``. Indexed models supply segmented text through
:class:`portal.search.fields.SegmentedSearchMixin`."""

from importlib import import_module

from django.db.models import QuerySet
from modelsearch.backends import database
from modelsearch.query import And, MatchAll, Phrase, PlainText

from .segment import query_terms

# Field names a caller may restrict a search to, and where their segmented
# text is indexed.
SEGMENTED_FIELDS = {"title": "title"}

# A query's terms beyond this many are not searched: no one types more, and
# a pasted page of text must not become a query the database refuses.
MAX_TERMS = 32


def segmented_query(query):
    """A user's query string as Wagtail query nodes over segmented tokens;
    None when nothing searchable is left."""
    if isinstance(query, PlainText):
        # Wagtail's admin searches parse the query string into plain text first.
        query = query.query_string
    if not isinstance(query, str):
        return query
    terms = query_terms(query)[:MAX_TERMS]
    nodes = [Phrase(text) if kind == "phrase" else PlainText(text) for kind, text in terms]
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else And(nodes)


def _segmented_fields(fields):
    if not fields:
        return fields
    return sorted({SEGMENTED_FIELDS.get(name, "search_body") for name in fields})


class SegmentedQueries:
    """Mixed into the vendor's backend: every query string is segmented."""

    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        segmented = segmented_query(query)
        if segmented is None:
            # Nothing searchable is left (punctuation, symbols, control
            # characters): nothing matches, in results every caller can use.
            if not isinstance(model_or_queryset, QuerySet):
                model_or_queryset = model_or_queryset._default_manager.all()
            return super().search(MatchAll(), model_or_queryset.none(), order_by_relevance=False)
        return super().search(
            segmented,
            model_or_queryset,
            fields=_segmented_fields(fields),
            operator=operator,
            order_by_relevance=order_by_relevance,
        )

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        # Chinese is not typed word by word: a partial query is searched as a whole.
        return self.search(query, model_or_queryset, fields, operator, order_by_relevance)


# Vendors whose matching and ranking portal.search.ranking replaces.
RANKED_VENDORS = {"SQLiteSearchBackend": "sqlite", "PostgresSearchBackend": "postgres"}


def SearchBackend(params):  # Wagtail looks for this name
    vendor_backend = type(database.SearchBackend(params))
    attributes = {}
    if vendor_backend.__name__ in RANKED_VENDORS:
        ranking = import_module(f"portal.search.ranking.{RANKED_VENDORS[vendor_backend.__name__]}")
        attributes = {
            "query_compiler_class": ranking.SearchQueryCompiler,
            "results_class": ranking.SearchResults,
        }
    backend_class = type("ChineseSearchBackend", (SegmentedQueries, vendor_backend), attributes)
    return backend_class(params)
