"""A published internal record of the administration office, people inside
and outside the department, and a helper to circulate it."""

import datetime

import pytest
from django.utils import timezone
from wagtail.users.models import UserProfile

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from registers.services import circulation as service


def in_english(*users):
    """Show the portal to ``users`` in English, so that tests read the msgids."""
    for user in users:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
    return users[0] if len(users) == 1 else users


@pytest.fixture
def record(home_page, department, department_head):
    return SectionPageFactory(
        parent=home_page,
        title="关于开展年度档案检查的通知",
        intro="<p>各部门请于月底前完成自查。</p>",
        department=department,
        confidentiality=Level.INTERNAL,
        owner=department_head,
    )


@pytest.fixture
def colleague(portal_setup, department):
    return UserFactory(roles=[Role.STAFF], department=department, display_name="李娜", username="lina")


@pytest.fixture
def outsider(portal_setup, other_department):
    return UserFactory(
        roles=[Role.STAFF], department=other_department, display_name="周晴", username="zhouqing"
    )


def in_hours(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


@pytest.fixture
def circulate(record, department_head):
    """``circulate(recipients, **options)`` as the department head."""

    def make(recipients, page=None, sender=None, **options):
        return service.circulate(page or record, sender or department_head, recipients=recipients, **options)

    return make
