"""A document gets its number when it is first published (issued)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import DocumentPage
from .services.numbering import assign_number


@receiver(page_published, sender=DocumentPage)
def number_issued_document(sender, instance, revision, **kwargs):
    if not instance.document_number:
        assign_number(instance)
