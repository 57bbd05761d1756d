"""Which records a file is attached to, for the access rule: the
access-controlled pages whose content refers to the file — attachment
blocks, images and document links in rich text — read from Wagtail's
reference index, which Wagtail updates whenever a page is saved or published.
:mod:`portal.access.rules` decides with it; nothing else asks."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex

from .models import AccessControlledPage, RecordDocument, RecordImage

FILE_MODELS = (RecordDocument, RecordImage)


def is_file_model(model):
    return issubclass(model, FILE_MODELS)


def is_file(record):
    return isinstance(record, FILE_MODELS)


def pages_of(file):
    """The access-controlled pages ``file`` is attached to (specific pages)."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(file)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
    )
    pages = Page.objects.filter(pk__in=[int(pk) for pk in ids if pk.isdigit()]).specific()
    return [page for page in pages if isinstance(page, AccessControlledPage)]


def attached_to(file_model, pages):
    """A ``Q`` over ``file_model`` keeping the files attached to a page that
    ``pages`` (a ``Q`` over ``Page``) keeps and whose level is not below the
    file's own."""
    holders = (
        Page.objects.filter(pages, access__confidentiality__gte=OuterRef(OuterRef("confidentiality")))
        .annotate(reference=Cast("pk", output_field=CharField()))
        .values("reference")
    )
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=holders,
        to_content_type=ContentType.objects.get_for_model(file_model),
        to_object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return Q(Exists(references))
