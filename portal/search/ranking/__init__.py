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

Relevance is what people mean before it is a score (:data:`ORDER`): records
before folders (sections), then a title that is the query (its segmented
form equal to the query's, so script, width, case, punctuation and spaces
between Chinese do not count), then a title that holds the whole query,
then records in force before those superseded or repealed, then the score.
Each of these is a condition on the matching index entry itself (its type,
its title) or on a list of keys the database builds once; none reads a row
the reader may not find, so the order reveals nothing the match does not.
"""

from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import Contains
from modelsearch.index import get_indexed_models
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from ..segment import index_text

TITLE_WEIGHT = 5.0
# What relevance orders by, first to last (see the module's docstring).
ORDER = ("folder", "-exact_title", "-in_title", "withdrawn", "-score", "-key")


class RankedMatching:
    """``search()`` for plain queries (terms, phrases, their conjunction)."""

    def search(self, config, start, stop, score_field=None, **kwargs):
        if isinstance(self.query, MatchAll | Not) or score_field is not None:
            return super().search(config, start, stop, score_field=score_field, **kwargs)
        if not self.order_by_relevance:
            matching = self.matching(config)
            return (matching if matching.query.order_by else matching.order_by("-pk"))[start:stop]
        allowed = Exists(self.queryset.filter(pk=OuterRef("key")))
        ranked = self._scored(config).filter(allowed).annotate(**self._meaning(config)).order_by(*ORDER)
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

    # What each vendor's scored entries call the index entry's content type and title text.
    ENTRY_CONTENT_TYPE = "content_type"
    ENTRY_TITLE_TEXT = "title_text"

    def _meaning(self, config):
        """The annotations of :data:`ORDER` but the score and key."""

        def flag(condition):
            if condition is None:
                return Value(0, output_field=IntegerField())
            return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())

        models = [m for m in get_indexed_models() if issubclass(m, self.queryset.model)]
        folders = [get_content_type_pk(m) for m in models if getattr(m, "search_folder", False)]
        withdrawn = None
        for model in models:
            rows = model.search_withdrawn() if hasattr(model, "search_withdrawn") else None
            if rows is not None:
                rows = Q(key__in=rows.values("pk"))
                withdrawn = rows if withdrawn is None else withdrawn | rows
        return {
            "folder": flag(Q(**{f"{self.ENTRY_CONTENT_TYPE}__in": folders}) if folders else None),
            "exact_title": flag(Q(**{f"{self.ENTRY_TITLE_TEXT}__in": self._title_forms()})),
            "in_title": flag(self._in_title()),
            "withdrawn": flag(withdrawn),
        }

    def _title_forms(self):
        """The indexed title text of a title that is the query: as typed, and
        with the spaces between its words left out (全程 留痕 is 全程留痕)."""
        text = self._query_text()
        return sorted({index_text(text), index_text("".join(text.split()))} - {""})

    def _query_text(self):
        """The query's text, as the user typed it (spaces between phrases kept)."""
        texts = []
        for term in self._terms():
            if isinstance(term, Phrase):  # "留痕 痕迹" is 留痕迹
                bigrams = term.query_string.split()
                texts.append(bigrams[0] + "".join(bigram[1:] for bigram in bigrams[1:]))
            elif isinstance(term, PlainText):
                texts.append(term.query_string)
        return " ".join(texts)

    def _terms(self):
        return self.query.subqueries if hasattr(self.query, "subqueries") else [self.query]

    def _in_title(self):
        """The title holds every term of the query: its indexed text holds
        each term's tokens side by side (a phrase's bigrams follow each other
        there as in the text; single characters and words stand alone)."""
        padded = Concat(Value(" "), F(self.ENTRY_TITLE_TEXT), Value(" "), output_field=TextField())
        condition = Q()
        for term in self._terms():
            condition &= Q(Contains(padded, f" {term.query_string} "))
        return condition

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
