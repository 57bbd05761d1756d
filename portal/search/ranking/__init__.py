"""Matching and relevance order that stay fast when a word is common.

Wagtail's database backends match and rank inside one query per call: on
SQLite with a correlated subquery that runs the full-text match again for
every matching row (a query matching 5,000 of 10,000 pages took 17 s), on
PostgreSQL over the title and body vectors joined together, which no index
serves. Here the match runs once against the indexed columns — FTS5's MATCH,
or each term against PostgreSQL's GIN-indexed title and body — returning
every matching object with its score; the caller's queryset (the access rule
included) narrows those in one query, the order is made in Python, and only
the requested slice is fetched.
"""

from django.db.models import Case, IntegerField, Value, When
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
        scores = self._scores(config)
        allowed = self.matching(config).values_list("pk", flat=True)
        ordered = sorted((pk for pk in allowed if pk in scores), key=lambda pk: (-scores[pk], -pk))[
            start:stop
        ]
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

    def _content_types(self):
        return get_descendants_content_types_pks(self.queryset.model)

    def _as_pks(self, rows):
        to_pk = self.queryset.model._meta.pk.to_python
        return {to_pk(object_id): score for object_id, score in rows}


class CountsTheMatch:
    def _do_count(self):
        return self.query_compiler.matching(self.query_compiler.get_config(self.backend)).count()
