"""The home page as a workbench: pending items with their due dates and
逾期, recent records and drafts, the department's latest documents, quick
actions that open the right form, and each section once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from home.factories import DocumentPageFactory, SectionPageFactory, TrainingPageFactory
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(section, department):
    return SectionPageFactory(
        parent=section, title="公文", slug="documents", department=department, confidentiality=Level.INTERNAL
    )


def test_an_overdue_training_is_marked_and_comes_first(home_page, section, department, staff, english_client):
    TrainingPageFactory(
        parent=section,
        title="档案安全培训",
        department=department,
        due_date=timezone.localdate() - datetime.timedelta(days=2),
        audience_departments=[department],
    )
    TrainingPageFactory(
        parent=section,
        title="保密制度培训",
        department=department,
        due_date=timezone.localdate() + datetime.timedelta(days=3),
        audience_departments=[department],
    )
    html = english_client(staff).get(home_page.url).content.decode()
    pending = html.split('id="pending-heading"')[1].split("</section>")[0]
    assert pending.index("档案安全培训") < pending.index("保密制度培训")
    overdue, upcoming = pending.split("保密制度培训")
    assert "Overdue" in overdue and "Overdue by 2 days" in overdue
    assert "Overdue" not in upcoming and "Due in 3 days" in upcoming


def test_recent_records_show_drafts_and_only_what_the_user_may_read(
    home_page, documents, department, staff, english_client
):
    DocumentPageFactory(
        parent=documents, title="草拟中的通知", department=department, owner=staff, live=False
    )
    issued = DocumentPageFactory(parent=documents, title="已发布的通知", department=department, owner=staff)
    secret = DocumentPageFactory(
        parent=documents, title="秘密的合同", department=department, owner=staff, confidentiality=Level.SECRET
    )
    secret.owner = UserFactory(roles=[Role.LEADERSHIP], department=department)
    secret.save()
    html = english_client(staff).get(home_page.url).content.decode()
    recent = html.split('id="recent-heading"')[1].split("</section>")[0]
    draft_row = next(row for row in recent.split("<li>") if "草拟中的通知" in row)
    assert "/admin/pages/" in draft_row and "Draft" in draft_row
    assert f'href="{issued.url}"' in recent and "Published" in recent
    assert "秘密的合同" not in html


def test_the_departments_latest_documents(
    home_page, documents, department, other_department, staff, english_client
):
    DocumentPageFactory(parent=documents, title="本部门的通知", department=department)
    DocumentPageFactory(parent=documents, title="他部门的通知", department=other_department)
    DocumentPageFactory(parent=documents, title="未发布的通知", department=department, live=False)
    html = english_client(staff).get(home_page.url).content.decode()
    notices = html.split('id="notices-heading"')[1].split("</section>")[0]
    assert "本部门的通知" in notices
    assert "他部门的通知" not in notices and "未发布的通知" not in notices


def test_quick_actions_open_the_right_forms(home_page, section, documents, department, staff, english_client):
    client = english_client(staff)
    html = client.get(home_page.url).content.decode()
    # No document yet: drafted in the department's section.
    assert reverse("wagtailadmin_pages:add", args=["home", "documentpage", section.pk]) in html
    # Then where its documents are.
    DocumentPageFactory(parent=documents, department=department)
    html = client.get(home_page.url).content.decode()
    actions = html.split('class="quick-actions"')[1].split("</nav>")[0]
    add_document = reverse("wagtailadmin_pages:add", args=["home", "documentpage", documents.pk])
    assert f'href="{add_document}"' in actions and "Draft a document" in actions
    assert f'href="{reverse("circulations:choose_record")}"' in actions
    assert f'href="{reverse("access:request")}"' in actions


def test_an_external_auditor_is_offered_no_quick_action(home_page, documents, english_client):
    visitor = UserFactory(roles=[Role.EXTERNAL_AUDITOR], department=None)
    html = english_client(visitor).get(home_page.url).content.decode()
    assert 'class="quick-actions"' not in html


def test_each_section_is_listed_once_with_its_department(
    home_page, section, department, english_client, staff
):
    SectionPageFactory(parent=home_page, title="制度库", department=department, confidentiality=Level.PUBLIC)
    SectionPageFactory(parent=section, title="会议", department=department, confidentiality=Level.PUBLIC)
    DocumentPageFactory(parent=section, title="一份通知", department=department, confidentiality=Level.PUBLIC)
    html = english_client(staff).get(home_page.url).content.decode()
    sections = html.split('id="sections-heading"')[1].split("</section>")[0]
    assert sections.count(str(department)) == 2  # 行政办公室 itself, and 制度库's department
    assert sections.count("制度库") == 1
    assert "会议" in sections and "一份通知" not in sections  # topics, not records
