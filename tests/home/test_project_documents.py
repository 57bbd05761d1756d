"""Project documents and acceptance (PRJ-1, PRJ-3): documents are filed only
under an approved project; the completeness check names the stage documents
still missing; every named acceptor signs off the acceptance report and no
one else may; the summary's approval closes the project, which is then
read-only, with everything under it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data

from home.factories import (
    AcceptanceReportPageFactory,
    ProjectDocumentPageFactory,
    ProjectPageFactory,
    ProjectSummaryPageFactory,
    SectionPageFactory,
)
from home.models import AcceptanceReportPage, ProjectDocumentKind, ProjectDocumentPage, ProjectPage
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.approvals import demo as approvals
from portal.approvals.models.tasks import APPROVE
from portal.approvals.setup import (
    CONTRACT,
    COUNTERSIGN_TASK,
    HEAD_ONLY,
    HEAD_THEN_LEADERSHIP,
    LEADERSHIP_TASK,
)
from portal.trail.live import check_pages
from tests.trail_events import business_events, named

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(home_page, department):
    return SectionPageFactory(
        parent=home_page, title="项目", department=department, confidentiality=Level.INTERNAL
    )


@pytest.fixture
def member(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="周芳")


@pytest.fixture
def engineer(portal_setup, department):
    return UserFactory(roles=[Role.STAFF], department=department, display_name="李娜")


@pytest.fixture
def outsider(portal_setup, other_department):
    """Neither on the team nor in the owning department: may not read the project."""
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="吴磊")


def _project(projects, department, staff, member, **fields):
    return ProjectPageFactory(
        parent=projects,
        title="档案管理系统升级项目",
        department=department,
        confidentiality=Level.INTERNAL,
        owner=staff,
        members=[(staff, "项目负责人"), (member, "成员")],
        **fields,
    )


@pytest.fixture
def project(projects, department, staff, member):
    return _project(projects, department, staff, member)


def _child(factory, project, owner, **fields):
    fields.setdefault("department", project.department)
    fields.setdefault("confidentiality", Level.INTERNAL)
    return factory(parent=project, owner=owner, **fields)


def _draft(factory, project, owner, **fields):
    return _child(factory, project, owner, live=False, publish=False, **fields)


def _errors(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(
        e.get_text(" ", strip=True) for e in soup.select(".error-message, .messages, .w-field__errors")
    )


def _refused(response):
    """The admin's refusal: back, with the reason in a message."""
    assert response.status_code == 302, response.status_code
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _add_url(model, parent):
    return f"/admin/pages/add/home/{model._meta.model_name}/{parent.pk}/"


# --- Children open once the project is approved ---------------------------------


def test_no_document_is_filed_under_a_project_before_it_is_approved(
    projects, department, staff, member, verified_client
):
    pending = _project(projects, department, staff, member, live=False, publish=False)
    client = verified_client(staff)
    assert not pending.permissions_for_user(staff).can_add_subpage()
    url = _add_url(ProjectDocumentPage, pending)
    assert "项目经批准后才能添加项目文件" in _refused(client.get(url))
    data = nested_form_data(
        {
            "title": "需求调研报告",
            "slug": "survey",
            "kind": ProjectDocumentKind.REPORT,
            "summary": "调研完成。",
            "department": department.pk,
            "confidentiality": Level.INTERNAL,
            "attachments-count": 0,
        }
    )
    assert "项目经批准后才能添加项目文件" in _refused(client.post(url, data))
    assert not ProjectDocumentPage.objects.exists()

    # Once approved (live), the same form files the document under it.
    pending.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    pending = ProjectPage.objects.get(pk=pending.pk)
    assert pending.permissions_for_user(staff).can_add_subpage()
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    assert ProjectDocumentPage.objects.child_of(pending).get().title == "需求调研报告"


def test_a_script_cannot_file_a_document_under_an_unapproved_project_either(
    projects, department, staff, member
):
    pending = _project(projects, department, staff, member, live=False, publish=False)
    with pytest.raises(ValidationError, match="项目经批准后才能添加项目文件"):
        _child(ProjectDocumentPageFactory, pending, staff)


# --- Completeness: the stage documents still missing --------------------------------


def _acceptance_data(page, acceptors, **fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "document_date": timezone.localdate().isoformat(),
        "checked": "功能与性能。",
        "conclusion": "同意通过验收。",
        "department": page.department_id,
        "confidentiality": page.confidentiality,
        "attachments-count": 0,
        "action-submit": "submit",
    }
    data.update(fields)
    return nested_form_data(data) | {"acceptors": [user.pk for user in acceptors]}


def test_the_project_page_and_the_submission_name_the_stage_documents_still_missing(
    project, staff, member, engineer, verified_client
):
    page = BeautifulSoup(verified_client(staff).get(project.url).content, "html.parser")
    missing = page.select_one(".project-documents__missing").get_text()
    assert "项目报告" in missing and "测试报告" in missing and "验收报告" in missing and "总结报告" in missing

    # The acceptors read the draft they are named on (named as it was made).
    acceptance = _draft(AcceptanceReportPageFactory, project, staff, acceptors=[member, engineer])
    response = verified_client(staff).post(
        f"/admin/pages/{acceptance.pk}/edit/", _acceptance_data(acceptance, [])
    )
    errors = _errors(response)
    assert response.status_code == 200
    assert "验收人" in errors and "已批准的测试报告" in errors, errors
    assert not AcceptanceReportPage.objects.get(pk=acceptance.pk).workflow_in_progress

    summary = _draft(ProjectSummaryPageFactory, project, staff)
    data = nested_form_data(
        {
            "title": summary.title,
            "slug": summary.slug,
            "document_date": timezone.localdate().isoformat(),
            "results": "目标达成。",
            "lessons": "无。",
            "improvements": "无。",
            "department": summary.department_id,
            "confidentiality": summary.confidentiality,
            "attachments-count": 0,
            "action-submit": "submit",
        }
    )
    response = verified_client(staff).post(f"/admin/pages/{summary.pk}/edit/", data)
    assert "已批准的验收报告" in _errors(response)

    # With an approved test report, the acceptance report goes to approval.
    _child(
        ProjectDocumentPageFactory, project, staff, kind=ProjectDocumentKind.TEST_REPORT, title="系统测试报告"
    )
    response = verified_client(staff).post(
        f"/admin/pages/{acceptance.pk}/edit/", _acceptance_data(acceptance, [member, engineer])
    )
    assert response.status_code == 302, _errors(response)
    acceptance.refresh_from_db()
    assert acceptance.current_workflow_state.workflow.name == CONTRACT


def test_an_acceptor_who_may_not_read_the_project_is_refused_by_name(
    project, staff, outsider, verified_client
):
    _child(ProjectDocumentPageFactory, project, staff, kind=ProjectDocumentKind.TEST_REPORT)
    acceptance = _draft(AcceptanceReportPageFactory, project, staff, acceptors=[outsider])
    response = verified_client(staff).post(
        f"/admin/pages/{acceptance.pk}/edit/", _acceptance_data(acceptance, [outsider])
    )
    errors = _errors(response)
    assert response.status_code == 200
    assert "验收人" in errors and "吴磊" in errors, errors
    assert not AcceptanceReportPage.objects.get(pk=acceptance.pk).workflow_in_progress


# --- Acceptance: every named acceptor signs off -----------------------------------


@pytest.fixture
def acceptance(project, staff, member, engineer, department_head):
    _child(ProjectDocumentPageFactory, project, staff, kind=ProjectDocumentKind.TEST_REPORT)
    report = _draft(AcceptanceReportPageFactory, project, staff, title="档案系统验收报告")
    report.acceptors.set([member, engineer])
    report.save_revision(user=staff)
    approvals.submit(report, staff, CONTRACT)
    approvals.act(report, department_head, APPROVE, "同意，提请验收人会签。")
    return report


def test_acceptance_needs_every_acceptor_and_no_one_else(
    acceptance, project, staff, member, engineer, outsider, leader, verified_client
):
    approvals.act(acceptance, member, APPROVE, "功能符合要求，同意验收。")
    acceptance.refresh_from_db()
    task_state = acceptance.current_workflow_task_state
    assert acceptance.current_workflow_task.name == COUNTERSIGN_TASK, "one acceptor missing: not done"
    assert list(task_state.task.specific.waiting_for(task_state)) == [engineer]
    assert not acceptance.live

    text = BeautifulSoup(verified_client(staff).get(project.url).content, "html.parser")
    assert text.select_one(".project-acceptance__signed").get_text(strip=True) == "周芳"
    assert text.select_one(".project-acceptance__missing").get_text(strip=True) == "李娜"

    for stranger in (outsider, leader):
        with pytest.raises(PermissionDenied):
            approvals.act(acceptance, stranger, APPROVE, "同意。")
    acceptance.refresh_from_db()
    assert acceptance.current_workflow_task.name == COUNTERSIGN_TASK

    approvals.act(acceptance, engineer, APPROVE, "性能达标，同意验收。")
    acceptance.refresh_from_db()
    assert acceptance.current_workflow_task.name == LEADERSHIP_TASK
    approvals.act(acceptance, leader, APPROVE, "同意验收。")
    acceptance.refresh_from_db()
    assert acceptance.live
    signed, missing = acceptance.sign_off()
    assert signed == [member, engineer] and missing == []


# --- Closing --------------------------------------------------------------------------


@pytest.fixture
def accepted(project, staff, member, engineer):
    _child(ProjectDocumentPageFactory, project, staff, kind=ProjectDocumentKind.TEST_REPORT)
    return _child(AcceptanceReportPageFactory, project, staff, acceptors=[member, engineer])


@pytest.fixture
def closed(project, accepted, staff, department_head, leader):
    summary = _draft(ProjectSummaryPageFactory, project, staff, title="档案系统项目总结")
    approvals.submit(summary, staff, HEAD_THEN_LEADERSHIP)
    approvals.act(summary, department_head, APPROVE, "同意。")
    approvals.act(summary, leader, APPROVE, "同意结项。")
    return ProjectPage.objects.get(pk=project.pk)


def test_approving_the_summary_closes_the_project_in_the_same_event(
    project, accepted, staff, department_head, leader, verified_client
):
    summary = _draft(ProjectSummaryPageFactory, project, staff)
    approvals.submit(summary, staff, HEAD_THEN_LEADERSHIP)
    approvals.act(summary, department_head, APPROVE, "同意。")
    assert not ProjectPage.objects.get(pk=project.pk).is_closed, "closed only by the final approval"
    with business_events() as events:
        approvals.act(summary, leader, APPROVE, "同意结项。")
    project = ProjectPage.objects.get(pk=project.pk)
    assert project.is_closed
    assert [event.action for event in events] == ["approval.opinion"]
    steps = [step["action"] for step in events[0].details.get("steps", [])]
    assert "project.close" in steps, "closing is a step of the final approval's event"
    revisions = {
        source_id for source_type, source_id in named(events[0]) if source_type == "wagtailcore.revision"
    }
    assert str(project.live_revision_id) in revisions, "the event names the project's closing revision"
    assert check_pages() == [], "the closed project agrees with its live revision"
    page = BeautifulSoup(verified_client(staff).get(project.url).content, "html.parser")
    closed_on = timezone.localtime(project.closed_at).strftime("%Y-%m-%d")
    assert page.select_one(".project-closed").get_text(" ", strip=True) == f"已结项 {closed_on}"


def test_a_closed_project_and_its_documents_are_read_only(
    closed, accepted, staff, department_head, verified_client
):
    client = verified_client(department_head)
    for page in (closed, accepted):
        page = page.specific
        for user in (staff, department_head):
            tester = page.permissions_for_user(user)
            assert not tester.can_edit()
            assert not tester.can_delete()
            assert not tester.can_add_subpage()
            assert not tester.can_move()
        assert "已结项" in _refused(client.get(f"/admin/pages/{page.pk}/edit/"))
        assert "已结项" in _refused(client.post(f"/admin/pages/{page.pk}/delete/"))
        assert page.__class__.objects.filter(pk=page.pk).exists()
    assert "已结项" in _refused(client.get(_add_url(ProjectDocumentPage, closed)))
    with pytest.raises(ValidationError, match="已结项"):
        _child(ProjectDocumentPageFactory, closed, staff)


# --- Routes ---------------------------------------------------------------------------


def test_each_document_type_has_its_route(project, staff, member):
    report = _draft(ProjectDocumentPageFactory, project, staff)
    secret = _draft(ProjectDocumentPageFactory, project, staff, confidentiality=Level.SECRET)
    acceptance = _draft(AcceptanceReportPageFactory, project, staff)
    summary = _draft(ProjectSummaryPageFactory, project, staff)
    assert report.get_workflow().name == HEAD_ONLY
    assert secret.get_workflow().name == HEAD_THEN_LEADERSHIP
    assert acceptance.get_workflow().name == CONTRACT
    assert summary.get_workflow().name == HEAD_THEN_LEADERSHIP
