"""PostgreSQL: each term against the GIN-indexed title and body, ranked by
ts_rank (see the package's docstring)."""

from django.contrib.postgres.search import SearchRank
from django.db.models import F, Q
from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler, PostgresSearchResults
from modelsearch.query import And, Phrase, PlainText
from wagtail.search.models import IndexEntry

from . import TITLE_WEIGHT, CountsTheMatch, RankedMatching


class SearchQueryCompiler(RankedMatching, PostgresSearchQueryCompiler):
    def _matches(self, config):
        """Index entries holding each term in the title or the body (both
        GIN-indexed), and the whole query for ranking."""
        terms = self.query.subqueries if isinstance(self.query, And) else [self.query]
        condition, whole = Q(), None
        for term in terms:
            tsquery = self.build_tsquery(term, config=config)
            condition &= Q(title=tsquery) | Q(body=tsquery)
            whole = tsquery if whole is None else whole & tsquery
        return IndexEntry.objects.filter(condition, content_type__in=self._content_types()), whole

    def _matching_pks(self, config):
        entries, _whole = self._matches(config)
        return entries.annotate(key=self._key("object_id")).values("key")

    def _scored(self, config):
        # ts_rank, the title weighing five times the body.
        entries, whole = self._matches(config)
        return entries.annotate(
            key=self._key("object_id"),
            score=SearchRank(F("title"), whole) * TITLE_WEIGHT + SearchRank(F("body"), whole),
        )

    def search(self, config, start, stop, score_field=None, **kwargs):
        terms = self.query.subqueries if isinstance(self.query, And) else [self.query]
        if not all(isinstance(term, Phrase | PlainText) for term in terms):
            return super(RankedMatching, self).search(config, start, stop, score_field=score_field, **kwargs)
        return super().search(config, start, stop, score_field=score_field, **kwargs)


class SearchResults(CountsTheMatch, PostgresSearchResults):
    pass
