"""A record's search entry is written again when the rows that name its
people change after it was saved:

* a register row written through :mod:`portal.records` (one revision with
  the rows it follows, e.g. a circulation with its receipts, which name its
  recipients) is indexed again once that revision is committed, when its
  model indexes people (``search_people``);
* a model whose rows are indexed with another record (an approval opinion,
  which names its approver on the page's entry) names that record's path in
  ``search_indexed_with``, and the record is indexed again when a row is saved.
"""

from django.apps import apps
from django.db.models.signals import post_save
from reversion.signals import post_revision_commit
from wagtail.models import Page
from wagtail.search import index

from .fields import SegmentedSearchMixin


def reindex_record(sender, instance, **kwargs):
    record = getattr(instance, sender.search_indexed_with, None)
    if isinstance(record, Page):
        record = record.specific
    if record is not None:
        index.insert_or_update_object(record)


def names_people(model):
    return (
        issubclass(model, SegmentedSearchMixin)
        and not issubclass(model, Page)  # a page is indexed when it is saved or published
        and model.search_people is not SegmentedSearchMixin.search_people
    )


def reindex_revision(sender, revision, versions, **kwargs):
    for version in versions:
        model = version._model
        if names_people(model):
            record = model._default_manager.filter(pk=version.object_id).first()
            if record is not None:
                index.insert_or_update_object(record)


def connect():
    for model in apps.get_models():
        if getattr(model, "search_indexed_with", None):
            uid = f"search-reindex-{model._meta.label}"
            post_save.connect(reindex_record, sender=model, dispatch_uid=uid)
    post_revision_commit.connect(reindex_revision, dispatch_uid="search-reindex-revision")
