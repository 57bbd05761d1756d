"""The approval sheet (审批单): every run and every step, printable, for
whoever may print the page."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.approvals.models import Opinion
from portal.approvals.setup import HEAD_THEN_LEADERSHIP
from portal.history import history_sections
from portal.trail.models import Event

from .conftest import action_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(page, staff, department_head, leader, submit, verified_client):
    from wagtail.models import WorkflowState

    submit(page, staff, HEAD_THEN_LEADERSHIP)
    head = verified_client(department_head)
    head.post(action_url(page, "request_changes"), {"text": "请补充领用审批流程。"})
    page.specific.save_revision(user=staff)
    WorkflowState.objects.for_instance(page).get().resume(user=staff)
    head.post(action_url(page, "approve"), {"text": "同意，报公司领导。"})
    return page


def test_sheet_shows_every_step(reviewed, leader, verified_client):
    url = reverse("approvals:sheet", args=[reviewed.pk])
    response = verified_client(leader).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # The title, the department, the drafter.
    assert "办公用品领用制度" in html and "行政办公室" in html and "孙丽" in html
    assert "部门负责人 → 公司领导审批" in html
    assert html.count("赵敏") == 2
    assert "请补充领用审批流程。" in html and "同意，报公司领导。" in html
    assert str(Opinion.CHANGES.label) in html and str(Opinion.AGREE.label) in html
    assert "公司领导审批" in html  # the step now awaited
    assert 'class="paper"' in html and "access/print.css" in html  # the A4 paper layout
    event = Event.objects.filter(action="print", target_id=str(reviewed.pk)).get()
    assert event.actor == leader and event.details["document"] == "approval_sheet"


def test_sheet_refused_to_those_who_may_not_read_the_page(reviewed, other_head, verified_client):
    from portal.access.levels import Level

    reviewed.confidentiality = Level.SECRET
    reviewed.save()
    response = verified_client(other_head).get(reverse("approvals:sheet", args=[reviewed.pk]))
    assert response.status_code in (403, 404)
    assert not Event.objects.filter(action="print", target_id=str(reviewed.pk)).exists()
    assert Event.objects.filter(action="access.refused", target_id=str(reviewed.pk)).exists()


def test_sheet_of_a_page_never_submitted(page, staff, verified_client):
    response = verified_client(staff).get(reverse("approvals:sheet", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert _("This record has not been submitted for approval.") in html
    assert "<h2>" not in html


def test_sheet_names_the_number_each_record_is_cited_by(home_page, department, staff, verified_client):
    from home.factories import DocumentPageFactory, PolicyPageFactory

    policy = PolicyPageFactory(parent=home_page, department=department, number="ZD-2026-017")
    notice = DocumentPageFactory(parent=home_page, department=department, document_number="行字〔2026〕12号")
    client = verified_client(staff)
    policy_html = client.get(reverse("approvals:sheet", args=[policy.pk])).content.decode()
    notice_html = client.get(reverse("approvals:sheet", args=[notice.pk])).content.decode()
    assert ">制度编号</th><td>ZD-2026-017<" in policy_html
    assert ">文号</th><td>行字〔2026〕12号<" in notice_html


def test_history_section_and_header_button(reviewed, department_head, verified_client, rf):
    request = rf.get("/")
    request.user = department_head
    sections = [s for s in history_sections(reviewed, request) if s.template == "approvals/history.html"]
    assert len(sections) == 1
    assert [o.text for run in sections[0].context["runs"] for o in run.opinions] == [
        "请补充领用审批流程。",
        "同意，报公司领导。",
    ]
    html = render_to_string(sections[0].template, sections[0].context)
    assert "请补充领用审批流程。" in html and reverse("approvals:sheet", args=[reviewed.pk]) in html
    response = verified_client(department_head).get(reverse("wagtailadmin_pages:edit", args=[reviewed.pk]))
    assert reverse("approvals:sheet", args=[reviewed.pk]) in response.content.decode()


def _official_head(html):
    """The printout's head (templates/print/includes/official_header.html)."""
    start = html.index('<header class="official">')
    return html[start : html.index("</header>", start)]


def test_the_sheet_of_a_secret_record_carries_its_marking_where_gb_t_9704_puts_it(
    home_page, department, leader, verified_client
):
    from home.factories import DocumentPageFactory
    from portal.access.levels import Level

    notice = DocumentPageFactory(
        parent=home_page,
        title="关于调整薪酬结构的通知",
        department=department,
        confidentiality=Level.SECRET,
        confidentiality_term="1年",
        document_number="行政〔2026〕3号",
    )
    html = verified_client(leader).get(reverse("approvals:sheet", args=[notice.pk])).content.decode()
    head = _official_head(html)
    # 密级★保密期限 at the top left, before the issuing department and the title.
    assert ">秘密★1年<" in head
    assert html.index("秘密★1年") < html.index("<h1>")
    # The department, then the number under it, then the red line.
    assert head.index(">行政办公室<") < head.index(">行政〔2026〕3号<") < head.index("official__rule")
    assert html.index("</header>") < html.index("<h1>审批单</h1>")


def test_the_level_alone_when_no_term_is_given_and_no_marking_on_a_public_record(
    home_page, department, leader, verified_client
):
    from home.factories import DocumentPageFactory
    from portal.access.levels import Level

    confidential = DocumentPageFactory(
        parent=home_page, department=department, confidentiality=Level.CONFIDENTIAL
    )
    public = DocumentPageFactory(parent=home_page, department=department, confidentiality=Level.PUBLIC)
    client = verified_client(leader)
    head = _official_head(client.get(reverse("approvals:sheet", args=[confidential.pk])).content.decode())
    assert ">机密<" in head and "★" not in head
    html = client.get(reverse("approvals:sheet", args=[public.pk])).content.decode()
    head = _official_head(html)
    assert "official__classification" not in head and "公开" not in head and "★" not in html
    assert ">行政办公室<" in head  # the issuing department all the same


@pytest.fixture
def renamed_head(department_head, it_user, verified_client):
    """IT gives the head's name as one 姓名 in the user admin."""
    data = {
        "username": department_head.username,
        "email": "head@example.com",
        "display_name": "欧阳娜娜",
        "department": department_head.department_id,
        "headed_departments": [d.pk for d in department_head.headed_departments.all()],
        "is_active": "on",
        "groups": [g.pk for g in department_head.groups.all()],
        "password1": "",
        "password2": "",
    }
    url = reverse("wagtailusers_users:edit", args=[department_head.pk])
    response = verified_client(it_user).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return department_head


def test_sheet_names_people_whole_as_given(renamed_head, reviewed, leader, verified_client):
    html = verified_client(leader).get(reverse("approvals:sheet", args=[reviewed.pk])).content.decode()
    assert html.count("欧阳娜娜") == 2 and "娜娜 欧阳" not in html
