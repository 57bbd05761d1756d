from wagtail.search import index

from .segment import index_text


class SegmentedTitleField(index.SearchField):
    """The record's title, segmented, indexed under the name ``title``: the
    database backends weigh the ``title`` column above the body."""

    def get_value(self, obj):
        return obj.search_title()


class SegmentedSourceMixin:
    """A search field whose value is the attribute ``source`` of the object,
    segmented: for models that cannot take :class:`SegmentedSearchMixin`
    (e.g. Wagtail's documents, :class:`portal.access.models.RecordDocument`)."""

    def __init__(self, field_name, source, **kwargs):
        super().__init__(field_name, **kwargs)
        self.source = source

    def get_value(self, obj):
        return index_text(str(getattr(obj, self.source, None) or ""))


class SegmentedSourceField(SegmentedSourceMixin, index.SearchField):
    pass


class SegmentedSourceAutocompleteField(SegmentedSourceMixin, index.AutocompleteField):
    pass


class SegmentedSearchMixin:
    """Gives a page or register model the two segmented search fields.

    ``search_text_fields`` names the fields whose text is searchable (rich
    text and StreamField included, as Wagtail extracts it); the title, or
    what ``search_title_field`` names, is indexed with a higher weight, and
    is all the index's title holds (so that an exact title is recognised).
    The names of the people ``search_people()`` returns are indexed with the
    text, so that a record is found by its drafter's, author's or
    approvers' name.

    In relevance order (:mod:`portal.search.ranking`) a ``search_folder``
    (a section: a place that holds records) comes after the records, and
    the rows ``search_withdrawn()`` returns (no longer in force) after those
    in force."""

    search_title_field = "title"
    search_text_fields = ()
    search_folder = False

    @classmethod
    def search_withdrawn(cls):
        """A queryset of the rows no longer in force (superseded, repealed),
        or None when the model has no such state."""
        return None

    def search_people(self):
        """``[(label, [name, …])]``: the people whose names find the record,
        by their part in it. Only people every reader of the record may see
        named on it."""
        return []

    @classmethod
    def get_search_fields(cls):
        # The segmented title replaces Wagtail's own (a page's title as typed).
        fields = super().get_search_fields()
        if any(isinstance(f, SegmentedTitleField) for f in fields):
            fields = [f for f in fields if not (type(f) is index.SearchField and f.field_name == "title")]
        return fields

    @classmethod
    def segmented_search_fields(cls, title_boost=3):
        return [
            SegmentedTitleField("title", boost=title_boost),
            index.SearchField("search_body"),
            # The admin's listings search as you type; the backend treats that as a search.
            index.AutocompleteField("search_title"),
        ]

    def _searchable_text(self, name):
        value = getattr(self, name, None)
        field = next((f for f in self._meta.get_fields() if getattr(f, "name", None) == name), None)
        if value is None:
            return ""
        if field is not None and hasattr(field, "get_searchable_content"):
            return " ".join(str(part) for part in field.get_searchable_content(value))
        return str(value)

    def searchable_text(self):
        """The searchable text as written (for result snippets)."""
        return " ".join(filter(None, (self._searchable_text(name) for name in self.search_text_fields)))

    def people_text(self):
        """The names of ``search_people()``, as indexed."""
        return " ".join(str(name) for _label, names in self.search_people() for name in names if name)

    def search_title(self):
        return index_text(self._searchable_text(self.search_title_field))

    def search_body(self):
        return index_text(f"{self.searchable_text()} {self.people_text()}")


def user_names(users):
    """The names of ``users`` as the portal shows them, each once, in order."""
    return list(dict.fromkeys(str(user) for user in users if user is not None))
