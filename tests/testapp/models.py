import reversion
from django.conf import settings
from django.db import models
from wagtail.search import index

from portal.access.models import AccessControlledRecord
from portal.search.fields import SegmentedSearchMixin


@reversion.register()
class Memo(SegmentedSearchMixin, index.Indexed, AccessControlledRecord):
    """A minimal register record under the access rule, searchable as every
    register is."""

    title = models.CharField("title", max_length=100)
    body = models.TextField("body", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    access_author_field = "author"

    search_text_fields = ("body",)
    search_fields = SegmentedSearchMixin.segmented_search_fields()

    class Meta:
        verbose_name = "memo"
        verbose_name_plural = "memos"
        ordering = ["title"]

    def __str__(self):
        return self.title
