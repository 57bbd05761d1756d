from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.access.models import AccessControlledPage, access_panels
from portal.access.rules import page_filter
from portal.approvals.permissions import ApprovalPagePermissionTester
from portal.inbox import pending_items, quick_actions
from portal.search.fields import SegmentedSearchMixin

from ..listing import Listing
from .records import SECTION_TITLE_HELP, page_settings_panels, people_on, title_panels


class HomePage(SegmentedSearchMixin, Page):
    """The portal's front page, the signed-in user's workbench: pending items,
    quick actions, recent records and drafts, their department's latest
    documents and the sections (``home/workbench.py``). There is one, at the
    root of the site."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*title_panels(_("The portal's name on its front page.")), FieldPanel("intro")]
    promote_panels = []
    settings_panels = page_settings_panels()

    search_text_fields = ("intro",)
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]
    search_folder = True

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.SectionPage", "home.PolicyLibraryPage", "home.ManualIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .. import workbench  # it lists page types of this package

        user = request.user
        context["pending_items"] = pending_items(user)
        context["quick_actions"] = quick_actions(user)
        context["recent_records"] = workbench.recent_records(user)
        context["department_notices"] = workbench.department_notices(user)
        context["sections"] = workbench.sections(self, user)
        return context


class SectionPage(SegmentedSearchMixin, AccessControlledPage):
    """A folder of the portal (Plone-style): one per department, with topic
    sub-sections below. Records of later page types live inside sections.
    Like every record it has an owning department and a confidentiality
    level; its listing shows only the children the reader may open."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*title_panels(SECTION_TITLE_HELP), FieldPanel("intro"), *access_panels()]
    promote_panels = []
    settings_panels = page_settings_panels()

    search_text_fields = ("intro",)
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]
    search_folder = True  # after the records in relevance order

    def search_people(self):
        # A section goes through approval too: its author and approvers find it.
        return people_on(self)

    parent_page_types = ["home.HomePage", "home.SectionPage"]
    subpage_types = [
        "home.SectionPage",
        "home.PolicyPage",
        "home.TrainingPage",
        "home.DocumentPage",
        "home.MeetingPage",
        "home.ProjectPage",
        "home.PolicyLibraryPage",
    ]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def permissions_for_user(self, user):
        # Records made here go live only through their workflow.
        return ApprovalPagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().filter(page_filter(request.user))
        listing = Listing(children, request.GET)
        context["listing"] = listing
        context["children"] = listing.page()
        return context
