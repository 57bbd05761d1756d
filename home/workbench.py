"""The home page as a workbench: beside the user's pending items
(``portal.inbox``), their recent records and drafts, their department's
latest documents, the quick actions they may take and the sections. Every
list holds only what the access rule lets the user read."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState

from portal.access.rules import Action, page_filter
from portal.inbox import QuickAction

from .models import DocumentPage, HomePage, PolicyLibraryPage, SectionPage

RECENT_LIMIT = 8
NOTICES_LIMIT = 6
FOLDERS = (HomePage, SectionPage, PolicyLibraryPage)


class RecentRecord:
    """A record the user wrote or last edited, and where they go on with it:
    a draft or a record in approval opens in the editor, a live one is read."""

    def __init__(self, page, in_approval):
        self.page = page
        self.in_approval = in_approval

    @property
    def is_draft(self):
        return not self.page.live

    @property
    def status_label(self):
        if self.in_approval:
            return _("In approval")
        if self.is_draft:
            return _("Draft")
        if self.page.has_unpublished_changes:
            return _("Unpublished changes")
        return _("Published")

    @property
    def url(self):
        if self.is_draft or self.in_approval:
            return reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return self.page.url


def recent_records(user, limit=RECENT_LIMIT):
    """Records ``user`` owns, drafted or saved last, the latest change first."""
    drafted = DocumentPage.objects.filter(drafter=user).values("pk")
    pages = (
        Page.objects.not_type(*FOLDERS)
        .filter(Q(owner=user) | Q(latest_revision__user=user) | Q(pk__in=drafted))
        .filter(page_filter(user, Action.VIEW))
        .order_by("-latest_revision_created_at", "-pk")[:limit]
    )
    pages = list(pages.specific())
    in_approval = set(
        WorkflowState.objects.active()
        .filter(object_id__in=[str(page.pk) for page in pages])
        .values_list("object_id", flat=True)
    )
    return [RecentRecord(page, str(page.pk) in in_approval) for page in pages]


def department_notices(user, limit=NOTICES_LIMIT):
    """The latest documents issued by the user's department."""
    department_id = getattr(user, "department_id", None)
    if department_id is None:
        return []
    return list(
        DocumentPage.objects.live()
        .filter(department_id=department_id)
        .filter(page_filter(user, Action.VIEW))
        .order_by("-first_published_at", "-pk")[:limit]
    )


def drafting_section(user):
    """Where the user drafts a document: a section of their department that
    holds documents already (the demo's 公文 topic), else its first section
    they may add a document to."""
    department_id = getattr(user, "department_id", None)
    if department_id is None:
        return None
    sections = SectionPage.objects.live().filter(department_id=department_id).order_by("depth", "path")
    allowed = [
        section
        for section in sections.filter(page_filter(user, Action.VIEW))
        if section.permissions_for_user(user).can_add_subpage()
    ]
    for section in allowed:
        if DocumentPage.objects.child_of(section).exists():
            return section
    return allowed[0] if allowed else None


def draft_document_action(user):
    section = drafting_section(user)
    if section is None:
        return []
    url = reverse("wagtailadmin_pages:add", args=["home", "documentpage", section.pk])
    parent = section.get_parent()
    place = section.title if parent.depth <= 2 else f"{parent.title} › {section.title}"
    hint = _("A new official document, report or contract in %(section)s.") % {"section": place}
    return [QuickAction(_("Draft a document"), url, hint=hint, order=10)]


class SectionEntry:
    """A top-level section, with its department when the title does not say
    it already, and the topics below it the user may open."""

    def __init__(self, section, topics):
        self.section = section
        self.topics = topics
        department = getattr(section, "department", None)
        self.department = department if department and str(department) != section.title else None


def sections(home_page, user):
    readable = page_filter(user, Action.VIEW)
    top = list(home_page.get_children().live().filter(readable).specific())
    topics = {}
    below = Page.objects.live().type(SectionPage, PolicyLibraryPage).filter(depth=home_page.depth + 2)
    for topic in below.filter(readable).order_by("path"):
        topics.setdefault(topic.path[: -Page.steplen], []).append(topic)
    return [SectionEntry(section, topics.get(section.path, [])) for section in top]
