"""The access facts of every access-controlled page in one table, so that a
filter over pages of every type is one join, not a subquery per page type."""

from django.db import models
from wagtail.models import Page

from ..levels import Level


class PageAccess(models.Model):
    """An access-controlled page's owning department and confidentiality
    level as last saved, copied from the page type's own table
    (:mod:`portal.access.mirror`); nobody edits it. The page's author (its
    owner) and named participants are read where the page keeps them."""

    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE, related_name="access")
    department = models.ForeignKey(
        "accounts.Department", null=True, on_delete=models.PROTECT, related_name="+"
    )
    confidentiality = models.PositiveSmallIntegerField(choices=Level.choices)

    wagtail_reference_index_ignore = True

    def __str__(self):
        return f"{self.page_id}: {self.department_id} / {self.confidentiality}"
