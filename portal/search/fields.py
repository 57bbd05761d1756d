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
    what ``search_title_field`` names, is indexed with a higher weight."""

    search_title_field = "title"
    search_text_fields = ()

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

    def search_title(self):
        return index_text(self._searchable_text(self.search_title_field))

    def search_body(self):
        return index_text(self.searchable_text())
