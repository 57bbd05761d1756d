"""A meeting's materials (MTG-1): each read only within its distribution
scope (plus the person responsible, its author and the leadership), on every
path — the page, its print version, its file's address, site search, the
meeting page's list, the history tab, the site history's xlsx export and the admin
explorer; made in the admin with its scope checked."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.factories import MeetingMaterialPageFactory, MeetingPageFactory, SectionPageFactory
from home.models import MaterialKind, MaterialState, MeetingMaterialPage
from portal.access import rules
from portal.access.levels import Level
from portal.access.models import RecordDocument
from portal.access.rules import Action
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.approvals import demo as approvals
from portal.approvals import routing
from portal.approvals.models.tasks import APPROVE
from tests.trail_events import business_events

pytestmark = pytest.mark.django_db

TITLE = "第三季度留痕考核情况汇报"


@pytest.fixture
def people(portal_setup, department, other_department, department_head, staff, leader, archivist):
    def user(name, dept=department):
        return UserFactory(roles=[Role.STAFF], department=dept, display_name=name)

    return {
        "author": staff,  # the organiser, who files the material
        "responsible": user("何静"),
        "in_scope": user("周晴", other_department),
        "in_scope_department": user("林芳", other_department),
        "attendee": user("吴浩"),  # attends the meeting, not in the material's scope
        "colleague": user("钱峰"),  # the owning department, not named anywhere
        "head": department_head,  # the owning department's head, and the meeting's chair
        "leader": leader,
        "archivist": archivist,
    }


@pytest.fixture
def meeting(section, department, people):
    meetings = SectionPageFactory(parent=section, title="会议", slug="meetings", department=department)
    return MeetingPageFactory(
        parent=meetings,
        department=department,
        owner=people["author"],
        confidentiality=Level.INTERNAL,
        title="2026年第四季度留痕工作推进会",
        chair=people["head"],
        organiser=people["author"],
        minute_taker=people["author"],
        attendees=[people["attendee"], people["in_scope"]],
    )


def _document(department, uploader, level=Level.CONFIDENTIAL, title="考核情况汇报全文"):
    document = RecordDocument(
        title=title, department=department, confidentiality=level, uploaded_by_user=uploader
    )
    document.file.save("report.txt", ContentFile(f"{title}\n".encode()), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.fixture
def document(department, people):
    return _document(department, people["author"])


@pytest.fixture
def material(meeting, department, people, document):
    return MeetingMaterialPageFactory(
        parent=meeting,
        department=department,
        owner=people["author"],
        title=TITLE,
        kind=MaterialKind.REPORT,
        state=MaterialState.PREPARING,
        responsible=people["responsible"],
        description="各部门第三季度留痕考核得分与整改情况。",
        participants=[people["in_scope"]],
        attachments=[{"type": "attachment", "value": {"document": document.pk, "note": "全文"}}],
    )


READERS = {"author", "responsible", "in_scope", "leader"}
NON_READERS = {"in_scope_department", "attendee", "colleague", "head", "archivist"}


def test_only_the_scope_the_person_responsible_the_author_and_the_leadership_read_a_material(
    material, people
):
    for name, user in people.items():
        for action in (Action.VIEW, Action.LIST, Action.SEARCH, Action.EXPORT, Action.PRINT):
            assert rules.can(user, action, material) is (name in READERS), (name, action)
        # The listing's filter agrees with the answer about the one record.
        listed = MeetingMaterialPage.objects.filter(rules.page_filter(user, Action.LIST)).exists()
        assert listed is (name in READERS), name
    # The meeting's attendees read the meeting, not the material.
    assert rules.can(people["attendee"], Action.VIEW, material.get_parent().specific)


def test_a_department_in_scope_lets_its_members_read(meeting, department, other_department, people):
    material = MeetingMaterialPageFactory(
        parent=meeting, department=department, owner=people["author"], scope_departments=[other_department]
    )
    assert rules.can(people["in_scope_department"], Action.VIEW, material)
    assert rules.can(people["in_scope"], Action.VIEW, material)
    assert not rules.can(people["colleague"], Action.VIEW, material)


@pytest.mark.parametrize("suffix", ["", "?print=1"])
def test_the_page_and_its_print_version_open_only_within_the_scope(material, people, verified_client, suffix):
    for name in ("in_scope", "responsible", "leader"):
        response = verified_client(people[name]).get(material.url + suffix)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert TITLE in html and "准备中" in html and "何静" in html
    for name in ("attendee", "colleague", "head"):
        response = verified_client(people[name]).get(material.url + suffix)
        assert response.status_code == 404, name
        assert TITLE not in response.content.decode()


def test_its_file_opens_only_within_the_scope(material, document, people, verified_client):
    for url in (document.url, document.file.url):
        reader = verified_client(people["in_scope"]).get(url)
        assert reader.status_code == 200
        assert b"".join(reader.streaming_content) == "考核情况汇报全文\n".encode()
        for name in ("attendee", "colleague", "head"):
            assert verified_client(people[name]).get(url).status_code == 404, (name, url)


def test_site_search_finds_it_only_for_its_readers(material, people, verified_client):
    search = reverse("portal_search")
    for query in ("留痕考核", "整改情况"):
        assert TITLE in verified_client(people["in_scope"]).get(search, {"q": query}).content.decode(), query
        for name in ("attendee", "colleague", "head"):
            html = verified_client(people[name]).get(search, {"q": query}).content.decode()
            assert TITLE not in html, (name, query)


def test_the_meeting_lists_the_materials_its_viewer_may_read(meeting, material, people, verified_client):
    html = verified_client(people["in_scope"]).get(meeting.url).content.decode()
    assert TITLE in html and "汇报材料" in html and "准备中" in html and "何静" in html
    for name in ("attendee", "head"):
        response = verified_client(people[name]).get(meeting.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert TITLE not in html and "暂无您可查阅的会议材料。" in html


def test_the_history_tab_opens_only_within_the_scope(material, people, verified_client):
    url = reverse("record_history", args=[material.pk])
    assert verified_client(people["in_scope"]).get(url).status_code == 200
    for name in ("attendee", "head"):
        response = verified_client(people[name]).get(url)
        assert response.status_code == 404 and TITLE not in response.content.decode()


def _exported_cells(client):
    response = client.get("/admin/reports/site-history/", {"export": "xlsx"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}


def test_the_history_export_names_it_only_for_its_readers(material, people, verified_client):
    for name in ("in_scope", "leader"):
        assert TITLE in _exported_cells(verified_client(people[name])), name
    for name in ("head", "colleague"):
        cells = _exported_cells(verified_client(people[name]))
        assert TITLE not in cells and "2026年第四季度留痕工作推进会" in cells, name


def test_the_admin_explorer_shows_it_only_to_its_readers(meeting, material, people, verified_client):
    explorer = f"/admin/pages/{meeting.pk}/"
    assert TITLE in verified_client(people["leader"]).get(explorer).content.decode()
    head = verified_client(people["head"])
    response = head.get(explorer)
    assert response.status_code == 200 and TITLE not in response.content.decode()
    for url in (f"/admin/pages/{material.pk}/edit/", f"/admin/pages/{material.pk}/"):
        response = head.get(url)
        assert response.status_code == 404 and TITLE not in response.content.decode(), url


# --- Made in the admin ---------------------------------------------------------


def _form_data(department, people, **fields):
    data = nested_form_data(
        {
            "title": TITLE,
            "slug": "q3-report",
            "kind": MaterialKind.REPORT,
            "state": MaterialState.TO_PREPARE,
            "responsible": people["responsible"].pk,
            "description": "",
            "department": department.pk,
            "confidentiality": Level.CONFIDENTIAL,
            "confidentiality_term": "",
            "attachments": streamfield([]),
        }
    )
    data |= {"participants": [people["in_scope"].pk]}
    data.update(fields)
    return data


def test_a_material_is_made_in_the_admin_under_its_meeting_with_its_scope(
    meeting, department, people, verified_client
):
    client = verified_client(people["head"])
    add_url = f"/admin/pages/add/home/meetingmaterialpage/{meeting.pk}/"
    form = client.get(add_url)
    assert form.status_code == 200
    levels = form.context["form"].fields["confidentiality"].choices
    assert [value for value, _label in levels] == [Level.CONFIDENTIAL]
    with business_events() as events:
        response = client.post(add_url, _form_data(department, people))
    assert response.status_code == 302, response.content.decode()[:3000]
    material = MeetingMaterialPage.objects.get(slug="q3-report")
    assert material.get_parent().pk == meeting.pk
    assert list(material.participants.all()) == [people["in_scope"]]
    assert len(events) == 1 and events[0].target_id == str(material.pk)
    assert rules.can(people["in_scope"], Action.VIEW, material)
    assert not rules.can(people["attendee"], Action.VIEW, material)


@pytest.mark.parametrize("who", ["visitor", "disabled"])
def test_a_person_who_may_not_read_is_refused_in_the_scope_with_the_field_named(
    who, meeting, department, people, verified_client
):
    if who == "visitor":
        refused = UserFactory(roles=[Role.EXTERNAL_AUDITOR], department=None, display_name="黄慎")
    else:
        refused = UserFactory(roles=[Role.STAFF], department=department, display_name="黄慎", is_active=False)
    client = verified_client(people["head"])
    url = f"/admin/pages/add/home/meetingmaterialpage/{meeting.pk}/"
    for field, label in (("participants", "分发人员"), ("responsible", "责任人")):
        value = [people["in_scope"].pk, refused.pk] if field == "participants" else refused.pk
        with business_events() as events:
            response = client.post(url, _form_data(department, people, **{field: value}))
        assert response.status_code == 200
        assert f"{label}：以下人员无权查阅本材料，不能列入：黄慎。" in response.content.decode()
        assert not MeetingMaterialPage.objects.exists() and events == []


def test_a_file_its_department_could_open_is_refused(meeting, department, people, verified_client):
    internal = _document(department, people["head"], Level.INTERNAL, title="考核得分表")
    data = _form_data(
        department,
        people,
        attachments=None,
    )
    del data["attachments"]
    data |= nested_form_data(
        {"attachments": streamfield([("attachment", {"document": internal.pk, "note": ""})])}
    )
    response = verified_client(people["head"]).post(
        f"/admin/pages/add/home/meetingmaterialpage/{meeting.pk}/", data
    )
    assert response.status_code == 200
    assert (
        "附件：以下文件在分发范围之外也能打开，请按材料的密级上传：考核得分表。" in response.content.decode()
    )
    assert not MeetingMaterialPage.objects.exists()


def test_a_level_its_department_reads_is_refused(meeting, department, people, verified_client):
    data = _form_data(department, people, confidentiality=Level.INTERNAL)
    response = verified_client(people["head"]).post(
        f"/admin/pages/add/home/meetingmaterialpage/{meeting.pk}/", data
    )
    assert response.status_code == 200
    assert not MeetingMaterialPage.objects.exists()
    with pytest.raises(ValidationError, match="密级：会议材料仅限分发范围内查阅"):
        MeetingMaterialPageFactory(parent=meeting, department=department, confidentiality=Level.SECRET)


def test_submitting_needs_a_scope(meeting, department, people, verified_client):
    data = _form_data(department, people, participants=[]) | {"action-submit": "1"}
    response = verified_client(people["head"]).post(
        f"/admin/pages/add/home/meetingmaterialpage/{meeting.pk}/", data
    )
    assert response.status_code == 200
    assert "分发范围：提交审批前请至少指定一名人员或一个部门。" in response.content.decode()
    assert not MeetingMaterialPage.objects.exists()


def test_a_material_is_filed_only_under_a_meeting(meeting):
    assert MeetingMaterialPage.allowed_parent_page_models() == [type(meeting)]
    assert MeetingMaterialPage in type(meeting).allowed_subpage_models()


def test_a_material_goes_live_through_the_head_and_the_leadership(meeting, department, people):
    material = MeetingMaterialPageFactory(
        parent=meeting,
        department=department,
        owner=people["author"],
        responsible=people["responsible"],
        participants=[people["in_scope"]],
        live=False,
        publish=False,
    )
    assert routing.workflow_for(material).name == routing.HEAD_THEN_LEADERSHIP
    approvals.submit(material, people["author"], routing.HEAD_THEN_LEADERSHIP)
    for approver in (people["head"], people["leader"]):
        with business_events() as events:
            approvals.act(material, approver, APPROVE, "同意。")
        assert len(events) == 1, [e.action for e in events]
    material.refresh_from_db()
    assert material.live
    assert list(meeting.materials_for(people["in_scope"])) == [material]
    assert list(meeting.materials_for(people["attendee"])) == []
