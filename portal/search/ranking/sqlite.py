"""SQLite: one FTS5 match with BM25 scores (see the package's docstring)."""

from django.db.models.expressions import RawSQL
from modelsearch.backends.database.sqlite.query import MatchExpression
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)

from . import TITLE_WEIGHT, CountsTheMatch, RankedMatching

# FTS5's columns are (autocomplete, body, title); lower BM25 is better.
BM25 = f"-bm25({SQLiteFTSIndexEntry._meta.db_table}, 0.0, 1.0, {TITLE_WEIGHT})"


class SearchQueryCompiler(RankedMatching, SQLiteSearchQueryCompiler):
    ENTRY_CONTENT_TYPE = "index_entry__content_type"
    ENTRY_TITLE_TEXT = "index_entry__title"

    def _matches(self, config):
        query = self.build_search_query(self.query, config=config)
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, query)
        return SQLiteFTSIndexEntry.objects.filter(match).filter(
            index_entry__content_type__in=self._content_types()
        )

    def _matching_pks(self, config):
        # A subquery: SQLite compares its text ids with integer keys.
        return self._matches(config).values("index_entry__object_id")

    def _scored(self, config):
        # BM25, the title weighing five times the body.
        return self._matches(config).annotate(
            key=self._key("index_entry__object_id"),
            score=RawSQL(BM25, []),  # noqa: S611 — a constant expression
        )


class SearchResults(CountsTheMatch, SQLiteSearchResults):
    pass
