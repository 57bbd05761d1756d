"""What every record page of ``home`` shares: the access fields, segmented
search, attachments with size and fixity value (STO-2), and the check that
a record is complete before it goes to approval (P-2)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page

from portal.access.models import AccessControlledPage
from portal.approvals import routing
from portal.approvals.models import ApprovalOpinion
from portal.approvals.permissions import ApprovalPagePermissionTester
from portal.search.fields import SegmentedSearchMixin, user_names

from ..forms import RecordCopyForm, RecordPageForm

VIDEO_EXTENSIONS = ("mp4", "webm")


class AttachmentBlock(blocks.StructBlock):
    """One attached file (an access-controlled document whose size and
    SHA-256 are computed on upload) with an optional note."""

    document = DocumentChooserBlock(label=_("File"))
    note = blocks.CharBlock(label=_("Note"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Attachment")
        template = "home/blocks/attachment.html"


def attachments_field():
    return StreamField([("attachment", AttachmentBlock())], blank=True, verbose_name=_("attachments"))


def people_on(page):
    """The people whose names find ``page`` in search: its author (the page's
    owner), its drafter where the type names one, and the approvers who gave
    an opinion on it (as its approval sheet, which every reader may print,
    names them)."""
    people = [
        (_("Author"), user_names([page.owner])),
        (_("Drafter"), user_names([getattr(page, "drafter", None)])),
    ]
    if page.pk is not None:
        opinions = ApprovalOpinion.objects.filter(page_id=page.pk).order_by("created_at", "pk")
        people.append((_("Approver"), list(dict.fromkeys(opinions.values_list("approver_name", flat=True)))))
    return [(label, names) for label, names in people if names]


RECORD_TITLE_HELP = _("The record's title as it is filed and cited, e.g. 关于调整办公用品领用流程的通知.")

SECTION_TITLE_HELP = _("The name shown in the portal's navigation and listings, e.g. 行政办公室 or 规章制度.")


def title_panels(help_text=RECORD_TITLE_HELP):
    """In place of ``Page.content_panels``: the title, with help that fits an
    internal record (Wagtail's speaks of what the public sees)."""
    return [TitleFieldPanel("title", help_text=help_text)]


def page_settings_panels():
    """The settings tab of every page of the portal. Nothing here is promoted
    to the public (no search-engine title, no menus): there is no promote tab,
    and the slug, the last part of the page's address, joins the settings."""
    slug_help = _("The last part of the page's address in the portal, made from the title when left empty.")
    return [FieldPanel("slug", help_text=slug_help), *Page.settings_panels]


class RecordPagePermissionTester(ApprovalPagePermissionTester):
    """The approval tester, and nothing at all on a record that is closed
    (:meth:`RecordPage.closed_by`: a closed project and every page under
    it): no one edits, submits, adds under, moves, copies, locks or deletes
    it, superusers included. Reading is the access rule's alone."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.closed = page.closed_by() is not None
        if self.closed:
            self.permissions = set()

    def can_delete(self, *args, **kwargs):
        return not self.closed and super().can_delete(*args, **kwargs)

    def can_add_subpage(self):
        # A page that refuses children now (a project not yet approved) hides
        # "add child page", and Wagtail refuses the add forms.
        return self.page.children_refused() is None and super().can_add_subpage()


def _open_only(method):
    def tested(self, *args, **kwargs):
        return not self.closed and method(self, *args, **kwargs)

    tested.__name__ = method.__name__
    return tested


for _name in (
    "can_edit",
    "can_submit_for_moderation",
    "can_lock",
    "can_unlock",
    "can_reorder_children",
    "can_move",
    "can_move_to",
    "can_copy",
    "can_copy_to",
    "can_publish",
    "can_unpublish",
    "can_publish_subpage",
):
    setattr(RecordPagePermissionTester, _name, _open_only(getattr(ApprovalPagePermissionTester, _name)))


class RecordPage(SegmentedSearchMixin, AccessControlledPage):
    """Base of the policy, training and document pages. A subclass names in
    ``required_for_submission`` the fields that must be filled in before the
    page may be submitted for approval or published; drafts may lack them.
    ``number_field`` names the field the record is cited by (文号, 制度编号).

    A record goes live only through the final approval of its workflow, which
    its ``approval_route`` chooses (see :mod:`portal.approvals.routing`)."""

    attachments = attachments_field()

    promote_panels = []
    settings_panels = page_settings_panels()

    base_form_class = RecordPageForm
    copy_form_class = RecordCopyForm
    required_for_submission = ()
    number_field = None
    publishes_through_workflow_only = True
    approval_route = None

    class Meta:
        abstract = True

    def get_workflow(self):
        # A record's route follows its type and level, not its place in the tree.
        return routing.workflow_for(self) or super().get_workflow()

    def permissions_for_user(self, user):
        return RecordPagePermissionTester(user, self)

    def closed_by(self):
        """The closed record that makes this one read-only (a closed project,
        for the project and the pages under it), or None."""
        return None

    def refusal_explained(self, view_name):
        """Why the admin refused ``view_name`` on this record, when the record
        itself is the reason (:mod:`portal.access.admin_refusals`), or None."""
        closed = self.closed_by()
        if closed is not None:
            return _("“%(title)s” is closed: it and everything under it are read-only.") % {
                "title": closed.title
            }
        if view_name in ("add", "add_subpage"):
            return self.children_refused()
        return None

    def children_refused(self):
        """Why no page may be made under this one now (a message), or None."""
        return _("This record is closed: nothing can be added under it.") if self.closed_by() else None

    def missing_for_submission(self):
        """Verbose names of the required fields that are still empty."""
        missing = []
        for name in self.required_for_submission:
            value = getattr(self, name, None)
            if hasattr(value, "all"):  # people named through a many-to-many field
                value = list(value.all())
            if value in (None, "") or (hasattr(value, "__len__") and not len(value)):
                missing.append(str(self._meta.get_field(name).verbose_name))
        return missing

    def search_people(self):
        return people_on(self)

    def cited_number(self):
        """(label, value) of the number the record is cited by, or None."""
        if self.number_field is None:
            return None
        return self._meta.get_field(self.number_field).verbose_name, getattr(self, self.number_field)

    def attachment_files(self):
        """The attached documents, with their size and SHA-256."""
        return [block.value["document"] for block in self.attachments if block.value.get("document")]

    def created_at(self):
        if self.pk is None:
            return None
        first = self.revisions.order_by("created_at").values_list("created_at", flat=True).first()
        return first or self.first_published_at
