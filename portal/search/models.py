from django.db import models


class IndexLayout(models.Model):
    """The layout of the search index the stored entries were written in
    (:data:`portal.search.reindex.LAYOUT`): one row, kept by ``setup_portal``,
    which writes every entry again when the layout has changed. Not a
    record: it says nothing about the company's work."""

    version = models.PositiveIntegerField(default=0)

    def __str__(self):
        return str(self.version)
