import reversion
from django.conf import settings
from django.db import models
from wagtail.models import Page
from wagtail.search import index

from portal.access.models import AccessControlledPage, AccessControlledRecord
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


class FamilyPage(SegmentedSearchMixin, AccessControlledPage):
    """A page type standing for a record family still to come, so that the
    tests can hold the access rule's page filter to many page types. Made
    only by the tests, below any page (no place in the admin's tree)."""

    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    parent_page_types = []
    subpage_types = []

    class Meta:
        abstract = True


class AlphaPage(FamilyPage):
    pass


class BetaPage(FamilyPage):
    pass


class GammaPage(FamilyPage):
    pass


class DeltaPage(FamilyPage):
    pass


class EpsilonPage(FamilyPage):
    pass


class ZetaPage(FamilyPage):
    pass


class EtaPage(FamilyPage):
    pass


class ThetaPage(FamilyPage):
    pass


class IotaPage(FamilyPage):
    pass


class KappaPage(FamilyPage):
    pass


FAMILY_PAGES = [
    AlphaPage,
    BetaPage,
    GammaPage,
    DeltaPage,
    EpsilonPage,
    ZetaPage,
    EtaPage,
    ThetaPage,
    IotaPage,
    KappaPage,
]
