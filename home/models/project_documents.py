"""Project documents (项目文件, PRJ-1 and PRJ-3): the typed pages filed under
an approved project — 项目报告, 工作记录 and 测试报告 (one page type with a
kind), the acceptance report (验收报告) every named acceptor countersigns,
and the summary evaluation (总结报告) whose approval closes the project.

Each is a record of its own (department, level, attachments, its own
route); it is made only under a project that is approved and not closed
(the project's permission tester), and is read-only once the project is
closed (:meth:`RecordPage.closed_by`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, WorkflowState

from portal.access import rules
from portal.access.models import Named, access_panels
from portal.access.rules import Action
from portal.approvals.models import ApprovalOpinion, Opinion
from portal.search.fields import SegmentedSearchMixin, user_names

from .records import RecordPage, people_on, title_panels


class ProjectDocumentKind(models.TextChoices):
    REPORT = "report", _("Project report")
    WORK_RECORD = "work_record", _("Work record")
    TEST_REPORT = "test_report", _("Test report")


class ProjectChildPage(RecordPage):
    """What the pages filed under a project share: their place (under a
    project only), the project they belong to, and its closure."""

    document_date = models.DateField(_("document date"), null=True, blank=True)

    parent_page_types = ["home.ProjectPage"]
    subpage_types = []

    class Meta:
        abstract = True

    @property
    def project(self):
        """The project this page is filed under (for a page being made, the
        parent its form was given: :class:`home.forms.RecordPageForm`)."""
        from .projects import ProjectPage

        parent = getattr(self, "_parent_page", None)
        if parent is None and self.depth and self.path:
            parent = self.get_parent()
        parent = parent.specific if parent is not None else None
        return parent if isinstance(parent, ProjectPage) else None

    def state_label(self):
        """The document's state as the project page lists it."""
        if self.live:
            return gettext("Approved")
        if self.workflow_in_progress:
            return gettext("Awaiting approval")
        return gettext("Draft")

    def closed_by(self):
        project = self.project
        return project if getattr(project, "is_closed", False) else None

    def clean(self):
        # Made by any path (a script, a service): refused, with the reason,
        # under a project that is not approved yet or is closed.
        super().clean()
        if self.pk is None:
            project = self.project
            refused = project.children_refused() if project is not None else None
            if refused:
                raise ValidationError(refused)


class ProjectDocumentPage(ProjectChildPage):
    """A project report, work record or test report: its kind, date and
    content, approved by the department's head (the leadership too from
    秘密 up)."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=ProjectDocumentKind.choices, default=ProjectDocumentKind.REPORT
    )
    summary = models.TextField(_("content"), blank=True)

    content_panels = [
        *title_panels(),
        FieldPanel("kind"),
        FieldPanel("document_date"),
        FieldPanel("summary"),
        FieldPanel("attachments"),
        *access_panels(),
    ]

    search_text_fields = ("summary",)
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    required_for_submission = ("document_date", "summary")
    approval_route = "project_document"

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")

    def missing_for_submission(self):
        missing = super().missing_for_submission()
        if self.kind == ProjectDocumentKind.TEST_REPORT and not self.attachment_files() and not self.summary:
            missing.append(gettext("test results"))
        return missing


class AcceptanceReportPage(ProjectChildPage):
    """The acceptance report (验收报告): what was checked and the conclusion,
    signed off by every acceptor it names (会签, each one themselves), after
    the owning department's head and before the leadership. It needs an
    approved test report on the project, and every acceptor must be able
    to read the project they accept."""

    checked = models.TextField(_("what was checked"), blank=True)
    conclusion = models.TextField(_("acceptance conclusion"), blank=True)
    acceptors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acceptors"),
        blank=True,
        related_name="+",
        help_text=_("Everyone who must sign off the acceptance; each one countersigns."),
    )

    content_panels = [
        *title_panels(),
        FieldPanel("document_date"),
        FieldPanel("checked"),
        FieldPanel("conclusion"),
        FieldPanel("acceptors"),
        FieldPanel("attachments"),
        *access_panels(),
    ]

    search_text_fields = ("checked", "conclusion")
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    access_naming_fields = ("participants", "acceptors")
    required_for_submission = ("document_date", "conclusion", "acceptors")
    approval_route = "acceptance"

    class Meta:
        verbose_name = _("acceptance report")
        verbose_name_plural = _("acceptance reports")

    @property
    def countersigners(self):
        """The countersign step waits for every acceptor (routing.countersign_slots)."""
        return self.acceptors

    def access_named(self):
        return super().access_named() | Named(users=frozenset(user.pk for user in self.acceptors.all()))

    def missing_for_submission(self):
        missing = super().missing_for_submission()
        project = self.project
        if project is not None and not project.has_approved(ProjectDocumentKind.TEST_REPORT):
            missing.append(gettext("an approved test report"))
        return missing

    def submission_problems(self):
        project = self.project
        if project is None:
            return []
        refused = [
            user.get_full_name() for user in self.acceptors.all() if not rules.can(user, Action.VIEW, project)
        ]
        if not refused:
            return []
        return [
            gettext("Acceptors: these people may not read the project and cannot accept it: %(names)s.")
            % {"names": "、".join(refused)}
        ]

    def search_people(self):
        people = people_on(self)
        names = user_names(self.acceptors.all())
        if names:
            people.append((_("Acceptors"), names))
        return people

    def sign_off(self):
        """``(signed, missing)``: the acceptors who agreed on the latest
        countersign of this report, and those who have not."""
        from portal.approvals.setup import COUNTERSIGN_TASK

        # A report in approval names its acceptors in its latest revision.
        current = self.get_latest_revision_as_object() if self.latest_revision_id else self
        acceptors = list(current.acceptors.all())
        state = None
        if self.pk is not None:
            state = WorkflowState.objects.for_instance(self).order_by("-created_at", "-pk").first()
        agreed = set()
        if state is not None:
            agreed = set(
                ApprovalOpinion.objects.filter(
                    workflow_state=state, task_name=COUNTERSIGN_TASK, opinion=Opinion.AGREE
                ).values_list("approver_id", flat=True)
            )
        return (
            [user for user in acceptors if user.pk in agreed],
            [user for user in acceptors if user.pk not in agreed],
        )


class ProjectSummaryPage(ProjectChildPage):
    """The summary evaluation (总结报告): results against the goals, lessons
    and improvements. It needs an approved acceptance report; its approval
    by the head and the leadership closes the project."""

    results = models.TextField(_("results against goals"), blank=True)
    lessons = models.TextField(_("lessons learnt"), blank=True)
    improvements = models.TextField(_("improvements"), blank=True)

    content_panels = [
        *title_panels(),
        FieldPanel("document_date"),
        FieldPanel("results"),
        FieldPanel("lessons"),
        FieldPanel("improvements"),
        FieldPanel("attachments"),
        *access_panels(),
    ]

    search_text_fields = ("results", "lessons", "improvements")
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    required_for_submission = ("document_date", "results", "lessons", "improvements")
    approval_route = "project_summary"

    class Meta:
        verbose_name = _("project summary")
        verbose_name_plural = _("project summaries")

    def missing_for_submission(self):
        missing = super().missing_for_submission()
        project = self.project
        if project is not None and not project.approved_children(AcceptanceReportPage).exists():
            missing.append(gettext("an approved acceptance report"))
        return missing
