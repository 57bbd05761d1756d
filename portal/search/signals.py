"""A record's search entry is written again when a row it indexes changes:
a model whose rows are indexed with another record (a circulation's
receipts, which name its recipients; an approval opinion, which names its
approver) names that record's path in ``search_indexed_with``."""

from django.apps import apps
from django.db.models.signals import post_save
from wagtail.models import Page
from wagtail.search import index


def reindex_record(sender, instance, **kwargs):
    record = getattr(instance, sender.search_indexed_with, None)
    if isinstance(record, Page):
        record = record.specific
    if record is not None:
        index.insert_or_update_object(record)


def connect():
    for model in apps.get_models():
        if getattr(model, "search_indexed_with", None):
            post_save.connect(
                reindex_record, sender=model, dispatch_uid=f"search-reindex-{model._meta.label}"
            )
