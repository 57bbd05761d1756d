"""Project files (项目, PRJ-1): the initiation of a project — background,
goals, scope, dates, milestones, budget and team — approved by the heads of
the departments involved (会签) and then the leadership."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from portal.access import rules
from portal.access.models import Named, access_panels
from portal.access.rules import Action
from portal.accounts.models import Department
from portal.approvals import routing
from portal.search.fields import SegmentedSearchMixin, user_names

from ..forms import ProjectPageForm
from .documents import Currency
from .records import RecordPage, people_on, title_panels


def money(amount):
    """``amount`` in yuan as the portal shows it: ¥1,234,567.00."""
    return "" if amount is None else f"¥{amount:,.2f}"


class ProjectPage(RecordPage):
    """A project's initiation (立项). Written by the owning department; the
    departments involved each countersign through their head, then the
    leadership approves (the contract route, :mod:`portal.approvals.routing`).
    The team members read the project whatever its level."""

    background = models.TextField(_("background"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget_total = models.DecimalField(
        _("budget total"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY)
    expected_results = models.TextField(_("expected results"), blank=True)
    departments_involved = ParentalManyToManyField(
        "accounts.Department",
        verbose_name=_("departments involved"),
        blank=True,
        related_name="+",
        help_text=_(
            "Departments taking part besides the owning department; each one's head countersigns (会签)."
        ),
    )
    # Set when its summary is approved (home.services.projects.close), in a
    # revision the approval publishes: the project is read-only from then on.
    closed_at = models.DateTimeField(
        pgettext_lazy("project", "closed at"), null=True, blank=True, editable=False
    )

    content_panels = [
        *title_panels(),
        FieldPanel("background"),
        FieldPanel("goals"),
        FieldPanel("scope"),
        FieldPanel("expected_results"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading=_("Dates"),
        ),
        InlinePanel("milestones", heading=_("Milestones"), label=_("Milestone")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("budget_total"), FieldPanel("currency")])],
            heading=_("Budget"),
        ),
        InlinePanel("budget_lines", heading=_("Budget breakdown"), label=_("Budget line")),
        InlinePanel("team", heading=_("Team"), label=_("Team member")),
        FieldPanel("departments_involved"),
        FieldPanel("attachments"),
        *access_panels(),
    ]

    search_text_fields = ("background", "goals", "scope", "expected_results")
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields()]

    parent_page_types = ["home.SectionPage"]
    subpage_types = ["home.ProjectDocumentPage", "home.AcceptanceReportPage", "home.ProjectSummaryPage"]

    base_form_class = ProjectPageForm
    required_for_submission = ("background", "goals", "start_date", "end_date", "budget_total")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    @property
    def countersigning_departments(self):
        """What the countersign step waits for (:func:`routing.countersign_slots`):
        the head of each department involved other than the owning one."""
        involved = [d.pk for d in self.departments_involved.all() if d.pk != self.department_id]
        return Department.objects.filter(pk__in=involved).order_by("pk")

    @property
    def approval_route(self):
        # Only the owning department: its head, then the leadership.
        return "project" if self.countersigning_departments.exists() else "project_single"

    @property
    def is_closed(self):
        return self.closed_at is not None

    def closed_by(self):
        return self if self.is_closed else None

    def children_refused(self):
        """Documents are filed under the project once it is approved (live)
        and until it is closed; otherwise why not."""
        if self.is_closed:
            return _("The project is closed: its documents can no longer be added or changed.")
        if not self.live:
            return _("Project documents can be added only once the project is approved.")
        return None

    def approved_children(self, model):
        return model.objects.child_of(self).live()

    def has_approved(self, kind):
        from .project_documents import ProjectDocumentPage

        return self.approved_children(ProjectDocumentPage).filter(kind=kind).exists()

    def stage_documents(self):
        """``[(label, [page, …])]``, one row per stage document in order,
        with the pages of that kind filed under the project (drafts too)."""
        from .project_documents import (
            AcceptanceReportPage,
            ProjectDocumentKind,
            ProjectDocumentPage,
            ProjectSummaryPage,
        )

        documents = list(ProjectDocumentPage.objects.child_of(self).order_by("path"))
        rows = [
            (label, [page for page in documents if page.kind == kind])
            for kind, label in ProjectDocumentKind.choices
        ]
        for model in (AcceptanceReportPage, ProjectSummaryPage):
            rows.append((model._meta.verbose_name, list(model.objects.child_of(self).order_by("path"))))
        return rows

    def missing_documents(self):
        """Labels of the stage documents with no approved page yet
        (项目报告, 测试报告, 验收报告, 总结报告; work records are optional)."""
        from .project_documents import AcceptanceReportPage, ProjectDocumentKind, ProjectSummaryPage

        missing = [
            str(label)
            for kind, label in ProjectDocumentKind.choices
            if kind != ProjectDocumentKind.WORK_RECORD and not self.has_approved(kind)
        ]
        for model in (AcceptanceReportPage, ProjectSummaryPage):
            if not self.approved_children(model).exists():
                missing.append(str(model._meta.verbose_name))
        return missing

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["stage_documents"] = [
            (label, [page for page in pages if rules.can(user, Action.LIST, page)])
            for label, pages in self.stage_documents()
        ]
        acceptance = self.acceptance()
        if acceptance is not None and rules.can(user, Action.VIEW, acceptance):
            context["acceptance"], (context["accepted_by"], context["acceptance_missing"]) = (
                acceptance,
                acceptance.sign_off(),
            )
        return context

    def acceptance(self):
        """The latest acceptance report filed under the project, or None."""
        from .project_documents import AcceptanceReportPage

        return AcceptanceReportPage.objects.child_of(self).order_by("-path").first()

    def countersigning_heads(self):
        heads = []
        for department in self.countersigning_departments:
            heads.extend(routing.heads_for(department))
        return heads

    def access_named(self):
        """The team and the heads who countersign read the project."""
        users = {member.user_id for member in self.team.all() if member.user_id}
        users |= {head.pk for head in self.countersigning_heads()}
        return super().access_named() | Named(users=frozenset(users))

    def search_people(self):
        team = user_names([member.user for member in self.team.all() if member.user_id])
        people = people_on(self)
        if team:
            people.append((_("Team"), team))
        return people

    def budget_total_display(self):
        return money(self.budget_total)

    def budget_rows(self):
        return [(line, money(line.amount)) for line in self.budget_lines.all()]

    def milestone_rows(self):
        today = timezone.localdate()
        return [
            (milestone, milestone.due_date is not None and milestone.due_date < today)
            for milestone in self.milestones.all()
        ]


class ProjectMilestone(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    deliverable = models.CharField(_("deliverable"), max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("due_date")]), FieldPanel("deliverable")]

    class Meta(Orderable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.name}（{self.due_date:%Y-%m-%d}）" if self.due_date else self.name


class ProjectBudgetLine(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="budget_lines")
    item = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    panels = [FieldRowPanel([FieldPanel("item"), FieldPanel("amount")])]

    class Meta(Orderable.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return f"{self.item} {money(self.amount)}"


class ProjectMember(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=50, help_text=_("e.g. 项目负责人, 成员."))

    panels = [FieldRowPanel([FieldPanel("user"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self):
        return f"{self.user}（{self.role}）" if self.user_id else self.role
