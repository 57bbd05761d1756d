"""Matching and relevance order that stay fast when a word is common.

Wagtail's database backends match and rank inside one query per call: on
SQLite with a correlated subquery that runs the full-text match again for
every matching row (a query matching 5,000 of 10,000 pages took 17 s), on
PostgreSQL over the title and body vectors joined together, which no index
serves. Here the match runs once against the indexed columns — FTS5's MATCH,
or each term against PostgreSQL's GIN-indexed title and body — and each
matching index entry is kept when the caller's queryset (the access rule
included) has its object, looked up by primary key; the database orders
those by score and returns the requested slice's keys, and only that slice
is fetched. Nothing proportional to the number of matches leaves the
database.
"""

from django.db.models import BigIntegerField, Case, Exists, IntegerField, OuterRef, Value, When
from django.db.models.functions import Cast
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

TITLE_WEIGHT = 5.0


class RankedMatching:
    """``search()`` for plain queries (terms, phrases, their conjunction)."""

    def search(self, config, start, stop, score_field=None, **kwargs):
        if isinstance(self.query, MatchAll | Not) or score_field is not None:
            return super().search(config, start, stop, score_field=score_field, **kwargs)
        if not self.order_by_relevance:
            matching = self.matching(config)
            return (matching if matching.query.order_by else matching.order_by("-pk"))[start:stop]
        allowed = Exists(self.queryset.filter(pk=OuterRef("key")))
        ranked = self._scored(config).filter(allowed).order_by("-score", "-key")
        ordered = list(ranked.values_list("key", flat=True)[start:stop])
        position = Case(
            *(When(pk=pk, then=Value(i)) for i, pk in enumerate(ordered)), output_field=IntegerField()
        )
        return self.queryset.filter(pk__in=ordered).order_by(position)

    def _get_filters_from_queryset(self, check_only=False):
        # The database applies the queryset's own filters, whatever fields
        # they name (the access rule's, say): only search engines that
        # translate filters need them declared as filter fields.
        return None if check_only else super()._get_filters_from_queryset(check_only)

    def matching(self, config):
        """The whole match, in the queryset's own order."""
        return self.queryset.filter(pk__in=self._matching_pks(config))

    def _matching_pks(self, config):
        """The matching objects' keys, as a subquery or a list."""
        raise NotImplementedError

    def _scored(self, config):
        """The matching index entries, each with its object's key as ``key``
        and its relevance as ``score``."""
        raise NotImplementedError

    def _content_types(self):
        return get_descendants_content_types_pks(self.queryset.model)

    @staticmethod
    def _key(object_id):
        # Index entries name objects by text; every indexed model here has an integer key.
        return Cast(object_id, BigIntegerField())


class CountsTheMatch:
    def _do_count(self):
        if isinstance(self.query_compiler.query, MatchAll | Not):
            return super()._do_count()
        return self.query_compiler.matching(self.query_compiler.get_config(self.backend)).count()
