"""Page factories, shared by the tests and ``seed_demo``."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from portal.access.levels import Level
from portal.factories import RegisterFactory

from .models import (
    AcceptanceReportPage,
    DocumentKind,
    DocumentNumberRule,
    DocumentPage,
    HomePage,
    MaterialKind,
    MeetingMaterialPage,
    MeetingMinutesPage,
    MeetingPage,
    PolicyLibraryPage,
    PolicyPage,
    ProjectBudgetLine,
    ProjectDocumentKind,
    ProjectDocumentPage,
    ProjectMember,
    ProjectMilestone,
    ProjectPage,
    ProjectSummaryPage,
    SectionPage,
    TrainingPage,
)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "留痕记录门户"


def policy_body(chapters):
    """StreamField data from ``[(heading, [clause html, …]), …]``."""
    return [
        {"type": "chapter", "value": {"heading": heading, "clauses": list(clauses)}}
        for heading, clauses in chapters
    ]


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Pages saved with a published revision, as the admin leaves them, so
    that revisions, history and read confirmations have something to refer to."""

    class Meta:
        abstract = True

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        if not create:
            return
        revision = page.save_revision(user=page.owner)
        # A page made as a draft (live=False) stays one.
        if extracted is not False and page.live:
            # Made as if its workflow had approved it (no role may publish).
            revision.publish(user=page.owner, skip_permission_checks=True)
        page.refresh_from_db()


class SectionPageFactory(PublishedPageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"栏目{n}")
    intro = ""


class PolicyPageFactory(PublishedPageFactory):
    class Meta:
        model = PolicyPage

    title = factory.Sequence(lambda n: f"管理制度{n}")
    number = factory.Sequence(lambda n: f"ZD-2026-{n:03d}")
    version = "1.0"
    effective_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    body = factory.LazyFunction(
        lambda: policy_body(
            [("总则", ["<p>为规范管理，制定本制度。</p>", "<p>本制度适用于公司全体员工。</p>"])]
        )
    )


class TrainingPageFactory(PublishedPageFactory):
    class Meta:
        model = TrainingPage

    title = factory.Sequence(lambda n: f"培训资料{n}")
    body = "<p>请认真阅读本培训资料。</p>"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))

    @factory.post_generation
    def audience(page, create, extracted, **kwargs):
        if create and extracted:
            page.audience_departments.set(extracted)
            page.save()


class DocumentPageFactory(PublishedPageFactory):
    class Meta:
        model = DocumentPage

    title = factory.Sequence(lambda n: f"关于工作安排的通知{n}")
    kind = DocumentKind.OFFICIAL
    draft_date = factory.LazyFunction(timezone.localdate)
    subject = factory.LazyAttribute(lambda page: page.title)
    main_content = "<p>现将有关事项通知如下。</p>"


class MeetingPageFactory(PublishedPageFactory):
    """A meeting; pass ``attendees=[…]``, ``agenda_items=[MeetingAgendaItem(…)]``
    and ``external_attendees=[…]`` as the page is made."""

    class Meta:
        model = MeetingPage

    title = factory.Sequence(lambda n: f"工作例会{n}")
    purpose = "通报近期工作，部署下一阶段任务。"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda page: page.starts_at + datetime.timedelta(hours=1))
    place = "三楼第一会议室"


class MeetingMaterialPageFactory(PublishedPageFactory):
    """A material of a meeting (pass ``parent=meeting``), at the strictest
    level; name its scope with ``participants=[…]`` and ``scope_departments=[…]``."""

    class Meta:
        model = MeetingMaterialPage

    title = factory.Sequence(lambda n: f"会议材料{n}")
    kind = MaterialKind.REPORT
    confidentiality = Level.CONFIDENTIAL


class MeetingMinutesPageFactory(PublishedPageFactory):
    """Minutes, made under their meeting (``parent=meeting``); pass
    ``items=[MinutesItem(…)]``, ``decisions=[MinutesDecision(…)]`` and
    ``recording_consents=[…]`` as the page is made."""

    class Meta:
        model = MeetingMinutesPage

    title = factory.Sequence(lambda n: f"会议纪要{n}")
    summary = "会议通报了近期工作，部署了下一阶段任务。"


class PolicyLibraryPageFactory(PublishedPageFactory):
    class Meta:
        model = PolicyLibraryPage

    title = "制度库"
    confidentiality = Level.PUBLIC


class DocumentNumberRuleFactory(RegisterFactory):
    class Meta:
        model = DocumentNumberRule

    kind = DocumentKind.OFFICIAL
    code = factory.LazyAttribute(lambda rule: rule.department.code)


class ProjectPageFactory(PublishedPageFactory):
    """A project; ``milestones=[(name, due, deliverable)]``,
    ``budget=[(item, amount)]`` (the total is their sum) and
    ``members=[(user, role)]`` fill its rows; ``departments_involved=[…]``."""

    class Meta:
        model = ProjectPage

    title = factory.Sequence(lambda n: f"信息化建设项目{n}")
    background = "现有系统难以满足管理需要。"
    goals = "完成系统建设并投入使用。"
    start_date = factory.LazyFunction(timezone.localdate)
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=180))

    @classmethod
    def _generate(cls, strategy, params):
        milestones = params.pop("milestones", ())
        budget = params.pop("budget", ())
        members = params.pop("members", ())
        params["milestones"] = [
            ProjectMilestone(name=name, due_date=due, deliverable=deliverable)
            for name, due, deliverable in milestones
        ]
        params["budget_lines"] = [ProjectBudgetLine(item=item, amount=amount) for item, amount in budget]
        if budget and "budget_total" not in params:
            params["budget_total"] = sum(amount for _, amount in budget)
        params["team"] = [ProjectMember(user=user, role=role) for user, role in members]
        return super()._generate(strategy, params)


class ProjectDocumentPageFactory(PublishedPageFactory):
    """A project report, work record or test report (``kind``) under a project."""

    class Meta:
        model = ProjectDocumentPage

    title = factory.Sequence(lambda n: f"项目报告{n}")
    kind = ProjectDocumentKind.REPORT
    document_date = factory.LazyFunction(timezone.localdate)
    summary = "按计划完成本阶段工作。"


class AcceptanceReportPageFactory(PublishedPageFactory):
    """An acceptance report; pass ``acceptors=[…]`` as the page is made."""

    class Meta:
        model = AcceptanceReportPage

    title = factory.Sequence(lambda n: f"项目验收报告{n}")
    document_date = factory.LazyFunction(timezone.localdate)
    checked = "功能、性能和文档齐全性。"
    conclusion = "各项指标达到立项目标，同意通过验收。"


class ProjectSummaryPageFactory(PublishedPageFactory):
    class Meta:
        model = ProjectSummaryPage

    title = factory.Sequence(lambda n: f"项目总结报告{n}")
    document_date = factory.LazyFunction(timezone.localdate)
    results = "立项目标全部实现。"
    lessons = "需求调研应更早邀请使用部门参与。"
    improvements = "后续项目在立项时明确验收指标。"
