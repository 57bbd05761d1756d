"""Project initiation (立项, PRJ-1): made in the admin with milestones,
budget lines and team; refused whole when its parts disagree; read by its
team; countersigned by the departments involved, then the leadership;
found by its text and its people."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.factories import ProjectPageFactory, SectionPageFactory
from home.models import ProjectPage
from portal.access import rules
from portal.access.levels import Level
from portal.access.rules import Action
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.approvals import demo as approvals
from portal.approvals.models import ApprovalOpinion
from portal.approvals.models.tasks import APPROVE
from portal.approvals.setup import CONTRACT, COUNTERSIGN_TASK, LEADERSHIP_TASK
from tests.trail_events import business_events

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
SEARCH = reverse("portal_search")


@pytest.fixture
def projects(home_page, department):
    return SectionPageFactory(
        parent=home_page, title="项目", department=department, confidentiality=Level.INTERNAL
    )


@pytest.fixture
def other_head(portal_setup, other_department):
    user = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=other_department, display_name="钱峰")
    other_department.heads.add(user)
    return user


@pytest.fixture
def member(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="周芳")


@pytest.fixture
def colleague(portal_setup, other_department):
    """In the member's department, but not on the team."""
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="吴磊")


def _data(department, other_department, staff, member, *, milestones=None, budget=None, team=None, **fields):
    milestones = milestones or [("需求确认", "2026-04-30", "需求说明书"), ("上线试运行", "2026-08-31", "")]
    budget = budget or [("软件开发", "300000.00"), ("硬件采购", "150000.50")]
    team = team or [(staff, "项目负责人"), (member, "成员")]
    data = {
        "title": "档案管理系统升级项目",
        "slug": "archive-upgrade",
        "background": "现有档案系统检索缓慢。",
        "goals": "实现电子档案全文检索。",
        "scope": "档案室与财务部。",
        "expected_results": "检索时间缩短到一秒以内。",
        "start_date": "2026-03-01",
        "end_date": "2026-12-31",
        "budget_total": "450000.50",
        "currency": "CNY",
        "department": department.pk,
        "confidentiality": Level.INTERNAL,
        "attachments-count": 0,
        "milestones": inline_formset(
            [{"name": n, "due_date": d, "deliverable": x} for n, d, x in milestones]
        ),
        "budget_lines": inline_formset([{"item": i, "amount": a} for i, a in budget]),
        "team": inline_formset([{"user": u.pk, "role": r} for u, r in team]),
    }
    data.update(fields)
    return nested_form_data(data) | {"departments_involved": [department.pk, other_department.pk]}


def _add_url(section):
    return f"/admin/pages/add/home/projectpage/{section.pk}/"


def test_project_is_made_in_the_admin_and_countersigned_by_the_departments_involved(
    projects,
    department,
    other_department,
    staff,
    member,
    department_head,
    other_head,
    leader,
    verified_client,
):
    client = verified_client(staff)
    with business_events() as events:
        response = client.post(_add_url(projects), _data(department, other_department, staff, member))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(events) == 1, "one event for the saved draft"
    project = ProjectPage.objects.get(slug="archive-upgrade")
    assert [m.name for m in project.milestones.all()] == ["需求确认", "上线试运行"]
    assert sum(line.amount for line in project.budget_lines.all()) == Decimal("450000.50")
    assert [m.user for m in project.team.all()] == [staff, member]

    edit = f"/admin/pages/{project.pk}/edit/"
    with business_events() as events:
        response = client.post(
            edit, _data(department, other_department, staff, member) | {"action-submit": "submit"}
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(events) == 1, "one event for the submission"
    project.refresh_from_db()
    assert project.current_workflow_state.workflow.name == CONTRACT

    approvals.act(project, department_head, APPROVE, "同意立项。")
    project.refresh_from_db()
    assert project.current_workflow_task.name == COUNTERSIGN_TASK
    # Only the involved department's head countersigns, not the owning department's.
    task_state = project.current_workflow_task_state
    assert list(task_state.task.specific.waiting_for(task_state)) == [other_head]
    approvals.act(project, other_head, APPROVE, "财务部同意，预算可行。")
    project.refresh_from_db()
    assert project.current_workflow_task.name == LEADERSHIP_TASK
    with business_events() as events:
        approvals.act(project, leader, APPROVE, "同意实施。")
    project.refresh_from_db()
    assert project.live
    assert [event.action for event in events] == ["approval.opinion"], "publishing is the opinion's one event"

    opinions = list(ApprovalOpinion.objects.filter(page_id=project.pk).values_list("approver_name", "text"))
    assert [text for _, text in opinions] == ["同意立项。", "财务部同意，预算可行。", "同意实施。"]
    sheet = verified_client(leader).get(reverse("approvals:sheet", args=[project.pk])).content.decode()
    assert "财务部同意，预算可行。" in sheet and "钱峰" in sheet and "同意实施。" in sheet


BAD = {
    "end_before_start": ({"end_date": "2026-02-01"}, "结束日期"),
    "milestone_outside": (
        {"milestones": [("验收", "2027-01-15", "验收报告")]},
        "里程碑“验收”",
    ),
    "budget_does_not_add_up": ({"budget_total": "450000.00"}, "预算明细"),
    "negative_amount": (
        {"budget": [("软件开发", "500000.50"), ("退款", "-50000.00")]},
        "预算明细“退款”",
    ),
    "member_twice": ({"team": "twice"}, "项目团队"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(
    case, projects, department, other_department, staff, member, verified_client
):
    fields, field_name = BAD[case]
    if fields.get("team") == "twice":
        fields = {"team": [(staff, "项目负责人"), (member, "成员"), (member, "联络人")]}
    data = _data(department, other_department, staff, member, **fields)
    response = verified_client(staff).post(_add_url(projects), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_name in html, html[:3000]
    assert not ProjectPage.objects.exists()


@pytest.fixture
def project(projects, department, other_department, staff, member):
    return ProjectPageFactory(
        parent=projects,
        title="档案管理系统升级项目",
        goals="实现电子档案全文检索。",
        department=department,
        confidentiality=Level.INTERNAL,
        owner=staff,
        start_date=TODAY,
        end_date=TODAY + datetime.timedelta(days=300),
        milestones=[("需求确认", timezone.localdate() - datetime.timedelta(days=3), "需求说明书")],
        budget=[("软件开发", Decimal("1234567.80"))],
        members=[(staff, "项目负责人"), (member, "成员")],
        departments_involved=[other_department],
    )


def test_a_team_member_of_another_department_reads_the_project_and_a_colleague_does_not(
    project, member, colleague, verified_client
):
    assert rules.can(member, Action.VIEW, project)
    assert not rules.can(colleague, Action.VIEW, project)
    page = verified_client(member).get(project.url)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    text = soup.get_text()
    assert "¥1,234,567.80" in text
    assert "周芳（成员）" in text
    assert soup.select_one(".project-milestones .overdue-note"), "the past milestone is marked overdue"
    assert verified_client(colleague).get(project.url).status_code in (403, 404)
    printed = verified_client(member).get(project.url, {"print": "1"})
    assert printed.status_code == 200 and "需求说明书" in printed.content.decode()
    html = printed.content.decode()
    assert '<header class="official">' in html and 'media="all"' in html, "the print layout, official header"


def _titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".search-hit__title")]


@pytest.mark.parametrize("query", ["全文检索", "周芳"])
def test_search_finds_the_project_by_its_goals_and_its_team(project, staff, verified_client, query):
    assert project.title in _titles(verified_client(staff).get(SEARCH, {"q": query}))


def test_project_submitted_straight_from_the_add_form_names_its_countersigners_as_readers(
    projects, department, other_department, staff, member, other_head, verified_client
):
    # The involved department's head may read it once it is saved, so the
    # submission is not refused for a countersigner who "may not read it".
    data = _data(department, other_department, staff, member) | {"action-submit": "submit"}
    response = verified_client(staff).post(_add_url(projects), data)
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 302, [
        e.get_text(" ", strip=True) for e in soup.select(".error-message, .messages, .w-field__errors")
    ]
    project = ProjectPage.objects.get(slug="archive-upgrade")
    assert project.current_workflow_state.workflow.name == CONTRACT
    assert rules.can(other_head, Action.VIEW, project)


def test_a_project_of_one_department_goes_to_its_head_and_the_leadership(projects, department, staff):
    from portal.approvals.setup import HEAD_THEN_LEADERSHIP

    alone = ProjectPageFactory(
        parent=projects, department=department, owner=staff, departments_involved=[department]
    )
    assert alone.get_workflow().name == HEAD_THEN_LEADERSHIP
