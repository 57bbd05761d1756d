"""The history tab of a record: revisions with Wagtail's compare, trail
events for those who may read the trail, refused to those who may not read
the record."""

import pytest

from home.factories import PolicyPageFactory, SectionPageFactory
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.trail.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(section, department, department_head):
    page = PolicyPageFactory(parent=section, department=department, owner=department_head, title="印章制度")
    edited = page.get_latest_revision_as_object()
    edited.version = "1.1"
    edited.save_revision(user=department_head).publish(user=department_head, skip_permission_checks=True)
    return page


def test_history_lists_revisions_with_compare_links_for_editors(policy, department_head, english_client):
    response = english_client(department_head).get(f"/history/{policy.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Revisions" in html and "Live version" in html
    first, second = policy.revisions.order_by("created_at")
    assert f"/admin/pages/{policy.pk}/revisions/compare/{first.pk}...{second.pk}/" in html
    assert html.count(department_head.get_full_name()) >= 2
    assert "Trail events" not in html, "a department head does not read the trail"


def test_history_shows_trail_events_to_auditors(policy, auditor, english_client):
    html = english_client(auditor).get(f"/history/{policy.pk}/").content.decode()
    assert "Trail events" in html
    assert "All trail events of this record" in html
    revisions = html.split("Revisions")[1].split("Trail events")[0]
    assert "/admin/pages/" not in revisions, "no compare links for readers"


def test_history_is_refused_to_those_who_may_not_read_the_record(home_page, other_department, english_client):
    finance = SectionPageFactory(parent=home_page, department=other_department)
    secret = PolicyPageFactory(parent=finance, department=other_department, confidentiality=Level.SECRET)
    outsider = UserFactory(roles=[Role.STAFF])
    assert english_client(outsider).get(f"/history/{secret.pk}/").status_code == 403
    assert Event.objects.filter(action="access.refused", target_id=str(secret.pk)).exists()
    draft = PolicyPageFactory(parent=finance, department=other_department, publish=False, live=False)
    assert english_client(outsider).get(f"/history/{draft.pk}/").status_code == 404


def test_record_page_links_to_its_history(policy, department_head, english_client):
    html = english_client(department_head).get(policy.url).content.decode()
    assert f'href="/history/{policy.pk}/"' in html
