"""Uploaded documents in the segmented index: their title and the text read
from the file at upload (:mod:`portal.access.file_text`), so that the site
search, the admin's document library and the document chooser find a file by
a phrase it contains, in either script.

The document model belongs to :mod:`portal.access`, below this app, which
does not know how Chinese is segmented; this app gives it its search fields
when Django starts (:meth:`portal.search.apps.SearchConfig.ready`), keeping
Wagtail's filter fields and tags."""

from wagtail.search import index

from portal.access.models import RecordDocument

from .fields import SegmentedSourceAutocompleteField, SegmentedSourceField

# Wagtail's unsegmented title fields, which the segmented ones replace.
REPLACED = {(index.SearchField, "title"), (index.AutocompleteField, "title")}


def file_search_fields(model):
    kept = [field for field in model.search_fields if (type(field), field.field_name) not in REPLACED]
    return [
        *kept,
        index.FilterField(model.search_date_field),
        SegmentedSourceField("title", "title", boost=3),
        SegmentedSourceField("text", "text"),
        SegmentedSourceAutocompleteField("title", "title"),
    ]


def index_file_text():
    RecordDocument.search_fields = file_search_fields(RecordDocument)
