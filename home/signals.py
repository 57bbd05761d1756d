"""A document gets its number when it is first published (issued); a
project is closed when its summary evaluation is published (approved);
approved minutes open the follow-up tasks of their resolutions."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import DocumentPage, MeetingMinutesPage, ProjectSummaryPage
from .services import projects
from .services.minutes import open_follow_up
from .services.numbering import assign_number


@receiver(page_published, sender=DocumentPage)
def number_issued_document(sender, instance, revision, **kwargs):
    if not instance.document_number:
        assign_number(instance)


@receiver(page_published, sender=ProjectSummaryPage)
def close_summarised_project(sender, instance, revision, **kwargs):
    projects.close(instance.project, instance)


@receiver(page_published, sender=MeetingMinutesPage)
def follow_up_resolutions(sender, instance, revision, **kwargs):
    # Runs inside the chair's approval (its transaction and trail event).
    open_follow_up(instance)
