"""Uploaded files as records: Wagtail's document and image models with an
owning department, a confidentiality level and a SHA-256 fixity value."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.search import index

from portal.search.fields import SegmentedSourceAutocompleteField, SegmentedSourceField

from ..file_text import extract_text
from .records import AccessControlledRecord

ACCESS_FORM_FIELDS = ("department", "confidentiality", "participants")


class AttachedFileMixin:
    """A file attached to an issued record is part of it, and kept with it."""

    def issued_for_deletion(self):
        from ..attachments import pages_of
        from ..deletion import Reason, issued_reason

        if any(issued_reason(page) for page in pages_of(self)):
            return Reason.ATTACHED
        return None


class FixityMixin(models.Model):
    """SHA-256 of the file, computed on upload next to Wagtail's own SHA-1
    (STO-2: metadata carries size and a fixity hash)."""

    sha256 = models.CharField(_("SHA-256 fixity value"), max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def _set_file_hash(self):
        super()._set_file_hash()
        with self.open_file() as f:
            self.sha256 = hashlib.file_digest(f, "sha256").hexdigest()


class RecordDocument(AttachedFileMixin, FixityMixin, AccessControlledRecord, AbstractDocument):
    """An uploaded document (attachment, credential, scan). Uploaded by
    staff in the admin; served only through the portal, to those the access
    rule lets read it. The text of a PDF, DOCX or XLSX file is read at upload
    and kept with it, and indexed segmented, in either script."""

    text = models.TextField(_("text of the file"), blank=True, editable=False)

    admin_form_fields = ("title", "file", "collection", *ACCESS_FORM_FIELDS, "tags")
    access_author_field = "uploaded_by_user"
    search_date_field = "created_at"
    # Wagtail's fields, the title segmented instead of whole (so that a
    # phrase of a Chinese title is found) and the file's text beside it.
    search_fields = [
        *(
            f
            for f in AbstractDocument.search_fields
            if not (isinstance(f, (index.SearchField, index.AutocompleteField)) and f.field_name == "title")
        ),
        index.FilterField(search_date_field),
        SegmentedSourceField("title", "title", boost=3),
        SegmentedSourceField("text", "text"),
        SegmentedSourceAutocompleteField("title", "title"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def _set_document_file_metadata(self):
        # Wagtail calls this whenever a file is uploaded, added or replaced.
        super()._set_document_file_metadata()
        self.text = extract_text(self.file, self.file.name)
        self.file.seek(0)

    def searchable_text(self):
        return self.text


class RecordImage(AttachedFileMixin, FixityMixin, AccessControlledRecord, AbstractImage):
    """An uploaded image. Its renditions are served under the same rule as
    the original."""

    admin_form_fields = (*Image.admin_form_fields, *ACCESS_FORM_FIELDS)
    access_author_field = "uploaded_by_user"

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.title


class RecordRendition(AbstractRendition):
    """A resized copy of a :class:`RecordImage`, made by Wagtail."""

    image = models.ForeignKey(RecordImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
