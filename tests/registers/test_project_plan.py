"""A project's plan and execution (PRJ-2): stages and tasks with planned and
actual dates, % done and deliverables, communication notes; each change one
version and one event; kept only for an approved project that is not closed,
by its leads and its department's editors; bad dates refused by field; the
plan's history; the timeline marks what is late and today."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from home.factories import ProjectPageFactory, SectionPageFactory
from home.models import ProjectPage
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from registers.models import CommunicationNote, PlanStage, PlanTask, ProjectPlan
from registers.services import projects as service
from registers.services.timeline import COLOURS
from tests.trail_events import business_events, named

pytestmark = pytest.mark.django_db

NS = {"svg": "http://www.w3.org/2000/svg"}
D = datetime.date
NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
TODAY = D(2026, 6, 15)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lead(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="郑宇")


@pytest.fixture
def member(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="周芳")


@pytest.fixture
def outsider(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="吴磊")


def _project(home_page, department, owner, lead, member, **fields):
    section = SectionPageFactory(
        parent=home_page, title="项目", department=department, confidentiality=Level.INTERNAL
    )
    fields = {
        "parent": section,
        "department": department,
        "owner": owner,
        "confidentiality": Level.INTERNAL,
        "title": "档案管理系统升级项目",
        "start_date": D(2026, 3, 1),
        "end_date": D(2026, 12, 31),
        "milestones": [("需求确认", D(2026, 4, 30), "需求说明书"), ("上线试运行", D(2026, 9, 30), "")],
        "members": [(lead, "项目负责人"), (member, "成员")],
    } | fields
    return ProjectPageFactory(**fields)


@pytest.fixture
def project(home_page, department, department_head, lead, member):
    return _project(home_page, department, department_head, lead, member)


def _stage(project, user, **data):
    data = {
        "name": "需求调研",
        "order": 1,
        "planned_start": D(2026, 3, 1),
        "planned_end": D(2026, 4, 30),
    } | data
    return service.add_stage(project, user, **data)


def _task(stage, user, **data):
    data = {
        "name": "编写需求说明书",
        "owner": None,
        "planned_start": D(2026, 3, 10),
        "planned_end": D(2026, 4, 20),
        "percent_done": 0,
    } | data
    return service.add_task(stage, user, **data)


# --- Versioned changes ------------------------------------------------------


def rows_named(event):
    """``[(model, object id)]`` of the versions ``event`` names."""
    ids = [int(pk) for kind, pk in named(event) if kind == "reversion.version"]
    assert len(ids) == len(named(event)), "an event of the plan names versions only"
    versions = Version.objects.filter(pk__in=ids).select_related("content_type").order_by("pk")
    return [(v.content_type.model, v.object_id) for v in versions]


def test_each_change_is_one_event_naming_its_versions(project, lead, member):
    with business_events() as events:
        stage = _stage(project, lead)
    assert [e.action for e in events] == ["project.plan_stage_add"]
    plan = ProjectPlan.objects.get(project=project)
    assert rows_named(events[0]) == [("projectplan", str(plan.pk)), ("planstage", str(stage.pk))]
    assert (plan.department, plan.confidentiality) == (project.department, project.confidentiality)

    with business_events() as events:
        task = _task(stage, lead, owner=member)
    assert [e.action for e in events] == ["project.plan_task_add"]
    assert rows_named(events[0]) == [("plantask", str(task.pk))], "the plan is written once"

    with business_events() as events:
        service.change_task(
            task,
            lead,
            files=[SimpleUploadedFile("需求说明书.pdf", b"%PDF-1.4 demo")],
            **{"actual_start": D(2026, 3, 12), "percent_done": 60},
        )
    assert [e.action for e in events] == ["project.plan_task_change"]
    assert rows_named(events[0]) == [("plantask", str(task.pk))]
    assert events[0].details["changed"] == ["actual_start", "percent_done"]
    task.refresh_from_db()
    assert task.percent_done == 60
    assert [d.title for d in task.deliverables.all()] == ["需求说明书.pdf"]
    assert task.deliverables.get().department == project.department

    with business_events() as events:
        note = service.add_note(
            project,
            lead,
            participants=[member],
            date=D(2026, 6, 1),
            other_participants="",
            content="确认需求范围。",
        )
    assert [e.action for e in events] == ["project.plan_note_add"]
    assert rows_named(events[0]) == [("communicationnote", str(note.pk))]
    assert list(note.participants.all()) == [member]


def test_plan_history_shows_who_changed_which_field_and_when(project, lead, verified_client):
    stage = _stage(project, lead)
    task = _task(stage, lead)
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        service.change_task(
            PlanTask.objects.get(pk=task.pk), lead, percent_done=40, actual_start=D(2026, 3, 11)
        )

    history = service.plan_history(project)
    assert [c.action for c in history] == [
        "project.plan_task_change",
        "project.plan_task_add",
        "project.plan_stage_add",
    ]
    latest = history[0]
    assert latest.who == lead and latest.subject == "编写需求说明书"
    assert ("完成百分比", "0%", "40%") in [
        (str(label), before, after) for label, before, after in latest.changes
    ]
    assert len(latest.changes) == 2, "only the fields that changed"

    page = verified_client(lead).get(reverse("registers:project_plan_history", args=[project.pk]))
    text = page.content.decode()
    assert "项目任务已修改" in text and "郑宇" in text
    assert "<del>0%</del> → <ins>40%</ins>" in text
    at = timezone.localtime(NOW + datetime.timedelta(hours=2))
    assert f"{at:%Y-%m-%d %H:%M}" in text
    project_page = verified_client(lead).get(project.url).content.decode()
    assert reverse("registers:project_plan_history", args=[project.pk]) in project_page
    # The record's history tab has the plan's section too.
    tab = verified_client(lead).get(reverse("record_history", args=[project.pk])).content.decode()
    assert "计划历史" in tab and "<del>0%</del> → <ins>40%</ins>" in tab


# --- Who may change the plan --------------------------------------------------


def test_leads_and_department_editors_change_the_plan_others_do_not(
    project, lead, member, outsider, department_head, verified_client
):
    assert service.may_edit(lead, project)
    assert service.may_edit(department_head, project)
    assert not service.may_edit(member, project), "a team member who is not a lead"
    assert not service.may_edit(outsider, project)
    with pytest.raises(PermissionDenied):
        _stage(project, member)
    assert not ProjectPlan.objects.exists()

    add = reverse("registers:project_stage_add", args=[project.pk])
    assert verified_client(member).get(add).status_code == 403
    plan_url = reverse("registers:project_plan", args=[project.pk])
    assert verified_client(member).get(plan_url).status_code == 200, "the team reads the plan"
    assert verified_client(outsider).get(plan_url).status_code == 403, "not a reader of the project"
    assert (
        verified_client(outsider)
        .get(reverse("registers:project_plan_history", args=[project.pk]))
        .status_code
        == 403
    )

    stage = _stage(project, department_head)
    assert ProjectPlan.objects.filter(pk=stage.plan_id).exists()
    from portal.access import rules

    assert rules.can(member, rules.Action.VIEW, stage.plan), "the project's readers read its plan"
    assert not rules.can(outsider, rules.Action.VIEW, stage.plan)


def test_plan_waits_for_approval_and_a_closed_project_is_read_only(
    home_page, department, department_head, lead, member, project, verified_client, monkeypatch
):
    draft = _project(home_page, department, department_head, lead, member, title="未批准的项目", live=False)
    assert not service.may_edit(lead, draft)
    with pytest.raises(PermissionDenied):
        _stage(draft, lead)

    stage = _stage(project, lead)
    # As the acceptance closes it (``ProjectPage.is_closed``).
    monkeypatch.setattr(ProjectPage, "is_closed", True, raising=False)
    assert not service.may_edit(lead, project) and not service.may_edit(department_head, project)
    with pytest.raises(PermissionDenied):
        service.change_stage(stage, lead, actual_start=D(2026, 3, 2))
    stage.refresh_from_db()
    assert stage.actual_start is None
    page = verified_client(lead).get(reverse("registers:project_plan", args=[project.pk])).content.decode()
    assert "项目结项后计划只读" in page and "添加阶段" not in page
    assert (
        verified_client(lead).get(reverse("registers:project_stage_add", args=[project.pk])).status_code
        == 403
    )


# --- Bad input ----------------------------------------------------------------


def test_bad_dates_and_progress_are_refused_by_field_and_nothing_is_saved(project, lead, verified_client):
    client = verified_client(lead)
    add = reverse("registers:project_stage_add", args=[project.pk])
    with business_events() as events:
        response = client.post(
            add, {"name": "开发", "order": 1, "planned_start": "2026-05-01", "planned_end": "2026-04-01"}
        )
    assert response.status_code == 200
    assert "计划结束日期不能早于计划开始日期。" in response.content.decode()
    assert events == [] and not PlanStage.objects.exists()

    response = client.post(
        add, {"name": "开发", "order": 1, "planned_start": "2026-02-01", "planned_end": "2026-04-01"}
    )
    assert "计划开始日期必须在项目的起止日期（2026-03-01 – 2026-12-31）之内。" in response.content.decode()
    assert not PlanStage.objects.exists()

    stage = _stage(project, lead)
    task_url = reverse("registers:project_task_add", args=[project.pk])
    task = {
        "stage": stage.pk,
        "name": "编写需求说明书",
        "planned_start": "2026-03-10",
        "planned_end": "2026-04-10",
        "percent_done": "120",
    }
    with business_events() as events:
        response = client.post(task_url, task)
    assert "完成百分比必须在 0 到 100 之间。" in response.content.decode()
    response = client.post(task_url, task | {"percent_done": "10", "planned_end": "2027-01-31"})
    assert "计划结束日期必须在项目的起止日期（2026-03-01 – 2026-12-31）之内。" in response.content.decode()
    response = client.post(
        task_url, task | {"percent_done": "10", "actual_start": "2026-03-20", "actual_end": "2026-03-15"}
    )
    assert "实际结束日期不能早于实际开始日期。" in response.content.decode()
    assert events == [] and not PlanTask.objects.exists()

    with pytest.raises(ValidationError) as refused:
        service.add_task(
            stage, lead, name="x", planned_start=D(2026, 3, 1), planned_end=D(2026, 3, 2), percent_done=-5
        )
    assert "percent_done" in refused.value.error_dict
    assert not PlanTask.objects.exists()

    response = client.post(task_url, task | {"percent_done": "100", "actual_start": "2026-03-10"})
    assert response.status_code == 302
    assert PlanTask.objects.get().percent_done == 100

    note_url = reverse("registers:project_note_add", args=[project.pk])
    response = client.post(note_url, {"date": "2026-06-01", "content": ""})
    assert "内容" in response.content.decode() and not CommunicationNote.objects.exists()


# --- The timeline ---------------------------------------------------------------


def test_timeline_marks_the_late_task_and_today(project, lead, verified_client):
    stage = _stage(project, lead, planned_end=D(2026, 6, 30))
    _task(
        stage,
        lead,
        name="按期完成的任务",
        actual_start=D(2026, 3, 10),
        actual_end=D(2026, 4, 15),
        percent_done=100,
    )
    _task(
        stage,
        lead,
        name="逾期的任务",
        planned_end=D(2026, 5, 31),
        actual_start=D(2026, 3, 20),
        percent_done=70,
    )
    _task(
        stage,
        lead,
        name="晚完成的任务",
        actual_start=D(2026, 3, 10),
        actual_end=D(2026, 5, 5),
        percent_done=100,
    )

    svg = ET.fromstring(str(service.timeline_svg(project, TODAY)))  # noqa: S314
    assert svg.find("svg:title", NS).text == "档案管理系统升级项目的时间线"
    assert "逾期的任务" in svg.find("svg:desc", NS).text
    assert "CJK" in svg.get("font-family")
    rows = {g.get("data-name"): g for g in svg.iterfind(".//svg:g", NS) if g.get("data-name")}

    def bar(name, kind):
        (found,) = [r for r in rows[name].iterfind("svg:rect", NS) if kind in r.get("class", "").split()]
        return found

    late_bar = bar("逾期的任务", "actual")
    assert "late" in late_bar.get("class").split() and late_bar.get("fill") == COLOURS["late"]
    assert "late" in bar("晚完成的任务", "actual").get("class").split()
    on_time = bar("按期完成的任务", "actual")
    assert "late" not in on_time.get("class").split() and on_time.get("fill") != COLOURS["late"]
    # The late task's actual bar runs to today, beyond its planned end.
    planned = bar("逾期的任务", "planned")
    assert float(late_bar.get("x")) + float(late_bar.get("width")) > float(planned.get("x")) + float(
        planned.get("width")
    )
    # Milestones as diamonds, the passed one late.
    assert "late" in rows["需求确认"].find("svg:polygon", NS).get("class")
    assert "late" not in rows["上线试运行"].find("svg:polygon", NS).get("class")
    today_line = svg.find(".//svg:line[@class='today-line']", NS)
    assert today_line is not None
    legend = [t.text for t in svg.iterfind(".//svg:g[@class='legend']//svg:text", NS)]
    assert legend == ["计划", "实际", "逾期", "里程碑", "今天"]
    months = [t.text for t in svg.iterfind(".//svg:g[@class='months']/svg:text", NS)]
    assert "2026年3月" in months

    # On the project's page and on the plan's page.
    client = verified_client(lead)
    for url in (project.url, reverse("registers:project_plan", args=[project.pk])):
        text = client.get(url).content.decode()
        assert 'class="project-timeline"' in text and "逾期的任务" in text


def test_the_dossier_holds_the_plan_its_history_and_deliverables(project, lead, outsider, verified_client):
    import io
    import zipfile

    task = _task(_stage(project, lead), lead)
    service.change_task(
        task, lead, files=[SimpleUploadedFile("需求说明书.pdf", b"%PDF-1.4 demo")], percent_done=50
    )

    html = verified_client(lead).get(reverse("project_dossier", args=[project.pk])).content.decode()
    assert "计划与执行" in html and "编写需求说明书" in html and "<svg" in html

    response = verified_client(lead).get(reverse("project_dossier_zip", args=[project.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "sections/plan/timeline.svg" in names
    (deliverable,) = [name for name in names if name.startswith("sections/plan/deliverables/")]
    assert archive.read(deliverable) == b"%PDF-1.4 demo"
    assert verified_client(outsider).get(reverse("project_dossier", args=[project.pk])).status_code in (
        403,
        404,
    )
