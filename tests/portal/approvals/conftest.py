"""A page of the first department, a drafter, the heads of both departments
and the leader, and the approval workflows that ``setup_portal`` makes."""

import pytest
from django.urls import reverse
from wagtail.models import Workflow

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.approvals import demo
from portal.approvals.setup import CONTRACT, HEAD_ONLY, HEAD_THEN_LEADERSHIP


@pytest.fixture
def other_head(portal_setup, other_department):
    user = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=other_department, display_name="钱峰")
    other_department.heads.add(user)
    return user


@pytest.fixture
def page(home_page, department, staff):
    return SectionPageFactory(
        parent=home_page,
        title="办公用品领用制度",
        department=department,
        confidentiality=Level.INTERNAL,
        owner=staff,
        live=False,
        first_published_at=None,
        last_published_at=None,
    )


@pytest.fixture
def workflows(portal_setup):
    return {name: Workflow.objects.get(name=name) for name in (HEAD_ONLY, HEAD_THEN_LEADERSHIP, CONTRACT)}


@pytest.fixture
def submit(workflows):
    def run(page, user, name=HEAD_ONLY):
        return demo.submit(page, user, name)

    return run


def action_url(page, action):
    page.refresh_from_db()
    state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])


XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
