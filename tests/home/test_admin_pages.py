"""Creating, editing and previewing the record pages in the admin, and the
completeness check before a page goes to approval (P-2)."""

import re

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text

from home.factories import DocumentPageFactory, PolicyPageFactory, TrainingPageFactory
from home.models import DocumentPage, PolicyPage, TrainingPage
from portal.access.levels import Level
from portal.approvals import demo as approvals
from portal.approvals.models.tasks import APPROVE

from .conftest import chapters_form_data

pytestmark = pytest.mark.django_db

ACCESS = {"confidentiality": Level.INTERNAL}


def _policy_data(department, **fields):
    data = {
        "title": "保密管理制度",
        "slug": "secrecy",
        "number": "行制〔2026〕9号",
        "version": "1.0",
        "category": "security",
        "effective_date": "2026-01-01",
        "summary": "",
        "department": department.pk,
        **ACCESS,
        "attachments-count": 0,
        **chapters_form_data([("总则", ["<p>保守公司秘密是每位员工的义务。</p>"])]),
    }
    data.update(fields)
    return data


def test_policy_is_created_submitted_approved_and_previewed(
    section, department_head, leader, english_client, department
):
    client = english_client(department_head)
    add_url = f"/admin/pages/add/home/policypage/{section.pk}/"
    assert client.get(add_url).status_code == 200
    data = _policy_data(department)
    preview = client.post(add_url + "preview/", data)
    assert preview.json()["is_valid"] is True
    assert "第一条" in client.get(add_url + "preview/").content.decode()

    response = client.post(add_url, data | {"action-submit": "submit"})
    assert response.status_code == 302, response.content.decode()[:3000]
    policy = PolicyPage.objects.get(slug="secrecy")
    assert not policy.live and policy.current_workflow_state is not None
    # The head drafted it, so the head step goes up to the leadership.
    approvals.act(policy, leader, APPROVE, "同意。")
    approvals.act(policy, leader, APPROVE, "同意发布。")
    policy.refresh_from_db()
    assert policy.live and policy.number == "行制〔2026〕9号"
    assert policy.body[0].value["heading"] == "总则"

    edit_url = f"/admin/pages/{policy.pk}/edit/"
    edit = client.get(edit_url)
    assert edit.status_code == 200
    assert "Record history" in edit.content.decode(), "the admin links to the history tab"
    response = client.post(edit_url, _policy_data(department, version="1.1") | {"action-publish": "publish"})
    assert response.status_code == 200
    assert "goes live only through the final approval of its workflow" in response.content.decode()
    policy.refresh_from_db()
    assert policy.version == "1.0"


def test_incomplete_policy_is_saved_as_draft_but_not_submitted(
    section, department_head, english_client, department
):
    client = english_client(department_head)
    add_url = f"/admin/pages/add/home/policypage/{section.pk}/"
    incomplete = _policy_data(department, number="", effective_date="", **{"body-count": 0})
    response = client.post(add_url, incomplete)
    assert response.status_code == 302, "a draft may be incomplete"
    draft = PolicyPage.objects.get(slug="secrecy")
    assert not draft.live

    edit_url = f"/admin/pages/{draft.pk}/edit/"
    response = client.post(edit_url, incomplete | {"action-submit": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be submitted for approval until these fields are filled in" in html
    assert "policy number、effective date、chapters and clauses" in html
    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state is None, "nothing was submitted"

    response = client.post(edit_url, _policy_data(department) | {"action-submit": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.current_workflow_state is not None, "a complete policy goes to approval"


def test_contract_requires_its_own_fields(section, department_head, leader, english_client, department):
    client = english_client(department_head)
    add_url = f"/admin/pages/add/home/documentpage/{section.pk}/"
    data = nested_form_data(
        {
            "title": "设备维保合同",
            "slug": "maintenance",
            "kind": "contract",
            "drafter": department_head.pk,
            "draft_date": "2026-03-01",
            "subject": "设备维保",
            "purpose": "",
            "main_content": rich_text("<p>乙方负责设备维保。</p>"),
            "counterparty": "",
            "amount": "",
            "currency": "CNY",
            "department": department.pk,
            **ACCESS,
        }
    ) | {"attachments-count": 0}
    response = client.post(add_url, data | {"action-submit": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "counterparty、amount、signing date" in html
    assert "No document number rule exists" in html
    assert not DocumentPage.objects.exists()

    data |= {"kind": "report"}
    from home.factories import DocumentNumberRuleFactory

    DocumentNumberRuleFactory(department=department, kind="report")
    response = client.post(add_url, data | {"action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    report = DocumentPage.objects.get()
    assert report.document_number == "", "numbered when issued, not when submitted"
    approvals.act(report, leader, APPROVE, "同意。")
    assert DocumentPage.objects.get().document_number.endswith("第001号")


@pytest.mark.parametrize(
    "factory,model",
    [
        (PolicyPageFactory, "policypage"),
        (TrainingPageFactory, "trainingpage"),
        (DocumentPageFactory, "documentpage"),
    ],
)
def test_each_type_opens_in_the_editor_and_renders(
    factory, model, section, department_head, english_client, department
):
    page = factory(parent=section, department=department, owner=department_head)
    client = english_client(department_head)
    assert client.get(f"/admin/pages/add/home/{model}/{section.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert page.title in html
    assert "Owning department" in html and "Author" in html and "Modified" in html


def test_training_page_is_created_with_an_audience(section, department_head, english_client, department):
    client = english_client(department_head)
    response = client.post(
        f"/admin/pages/add/home/trainingpage/{section.pk}/",
        nested_form_data(
            {
                "title": "消防安全培训",
                "slug": "fire-safety",
                "body": rich_text("<p>安全出口位置。</p>"),
                "due_date": "2026-12-31",
                "department": department.pk,
                **ACCESS,
            }
        )
        | {"audience_departments": [department.pk], "attachments-count": 0, "action-submit": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = TrainingPage.objects.get(slug="fire-safety")
    assert not page.live and page.current_workflow_state is not None
    assert list(page.audience_departments.all()) == [department]
    assert page.in_audience(department_head)


@pytest.mark.parametrize(
    ("factory", "help_text"),
    [
        (PolicyPageFactory, "记录的正式标题"),
        (DocumentPageFactory, "记录的正式标题"),
        (TrainingPageFactory, "记录的正式标题"),
        (None, "门户导航和列表中显示的名称"),
    ],
)
def test_a_records_editor_speaks_of_records_not_of_the_public(
    factory, help_text, section, department, department_head, verified_client
):
    """No "title the public sees", no promote tab: a record's address is a setting."""
    page = (
        section if factory is None else factory(parent=section, department=department, owner=department_head)
    )
    html = verified_client(department_head).get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert help_text in html
    assert "公众" not in html
    assert 'id="tab-label-promote"' not in html and "推荐" not in html
    # Two tabs, 内容 and 设置; the slug is among the settings.
    tabs = dict.fromkeys(re.findall(r'id="tab-label-([\w-]+)"', html))
    assert len(tabs) == 2
    settings_tab = html[html.index(f'id="tab-{list(tabs)[1]}"') :]
    assert 'name="slug"' in settings_tab
