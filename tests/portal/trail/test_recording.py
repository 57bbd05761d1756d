import json

import pytest
import reversion
from django.db import transaction
from django.test import Client
from wagtail.models import PageLogEntry, Revision

from home.factories import SectionPageFactory
from portal import trail
from portal.accounts import two_factor
from portal.accounts.factories import DEMO_PASSWORD
from portal.trail.checks import verify
from portal.trail.context import system_actor
from portal.trail.models import Event
from portal.trail.sealing import seal

pytestmark = pytest.mark.django_db


def test_an_event_holds_who_what_which_record_when_and_where(staff, department):
    event = trail.record("test.action", actor=staff, target=department, details={"reason": "抽查"})
    seal()
    event.refresh_from_db()
    assert event.seq >= 1 and len(event.hash) == 64
    assert event.actor == staff and event.actor_label == "孙丽"
    assert event.target_type == "accounts.department" and event.target_id == str(department.pk)
    assert event.target_label == "行政办公室" and event.department == department
    body = json.loads(event.body)
    assert body["details"] == {"reason": "抽查"}
    assert body["actor"]["username"] == staff.username
    assert verify().ok


def test_events_are_numbered_gap_free_in_sealing_order(department, empty_trail):
    for _ in range(5):
        trail.record("test.a", target=department)
    seal()
    assert list(Event.objects.order_by("seal__seq").values_list("seal__seq", flat=True)) == [1, 2, 3, 4, 5]


def test_event_commits_and_rolls_back_with_the_change(department):
    with pytest.raises(RuntimeError), transaction.atomic():
        department.name = "改名"
        department.save()
        trail.record("test.rename", target=department)
        raise RuntimeError("the business write fails")
    assert not Event.objects.filter(action="test.rename").exists()
    department.refresh_from_db()
    assert department.name == "行政办公室"


def test_system_jobs_are_named_as_actor():
    with system_actor("run_periodic"):
        event = trail.record("test.job")
    assert json.loads(event.body)["actor"] == {"system": "run_periodic"}
    assert event.actor_label == "run_periodic"


def test_sign_in_sign_out_and_failed_sign_in_are_sealed(staff):
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/login/", {"username": staff.username, "password": "wrong-password"})
    failed = Event.objects.get(action="account.sign_in_failed")
    assert failed.details == {"username": staff.username, "locked": False, "password_checked": True}
    assert failed.client_ip == "10.1.2.3"

    client.post("/accounts/login/", {"username": staff.username, "password": DEMO_PASSWORD})
    assert Event.objects.filter(action="account.sign_in", actor=staff).exists()
    client.post("/accounts/logout/")
    assert Event.objects.filter(action="account.sign_out", actor=staff).exists()


def test_two_factor_steps_are_sealed(staff):
    codes = two_factor.issue_backup_codes(staff)
    client = Client()
    client.post("/accounts/login/", {"username": staff.username, "password": DEMO_PASSWORD})
    client.post("/accounts/two-factor/verify/", {"token": "nonsense"})
    client.post("/accounts/two-factor/verify/", {"token": codes[0]})
    actions = list(
        Event.objects.filter(target_id=str(staff.pk)).order_by("id").values_list("action", flat=True)
    )
    assert "account.backup_codes_issued" in actions
    assert "account.otp_failed" in actions
    assert "account.otp_throttled" in actions


def test_wagtail_page_actions_are_sealed_with_their_source_rows(home_page, leader, department):
    section = SectionPageFactory(parent=home_page, title="财务制度", department=department)
    revision = section.save_revision(user=leader, log_action=True)
    revision.publish(user=leader, skip_permission_checks=True)
    events = Event.objects.filter(target_type="home.sectionpage", target_id=str(section.pk))
    actions = set(events.values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.edit", "wagtail.revision", "wagtail.publish"} <= actions
    publish = events.get(action="wagtail.publish", actor=leader)
    source = publish.sources.get()
    assert source.source_type == "wagtailcore.pagelogentry"
    assert PageLogEntry.objects.filter(pk=source.source_id, action="wagtail.publish").exists()
    assert publish.department == department
    assert events.get(action="wagtail.revision", actor=leader).sources.get().source_id == str(revision.pk)
    assert Revision.objects.filter(pk=revision.pk).exists()
    assert verify().ok


def test_reversion_versions_are_sealed_with_user_and_comment(department, archivist):
    with reversion.create_revision():
        department.name = "行政办公室（综合）"
        department.save()
        reversion.set_user(archivist)
        reversion.set_comment("按机构调整更名")
    event = Event.objects.get(action="register.version", actor=archivist)
    assert event.details["comment"] == "按机构调整更名"
    assert event.sources.get().source_type == "reversion.version"
    assert event.target_label == "行政办公室（综合）"


def test_refused_admin_requests_are_sealed(staff, verified_client):
    """Wagtail answers with a redirect and a message; the refusal is sealed."""
    client = verified_client(staff)
    response = client.get("/admin/trail/")
    assert response.status_code == 302
    refused = Event.objects.get(action="request.refused", actor=staff)
    assert refused.details == {"method": "GET", "path": "/admin/trail/"}


def test_every_403_is_sealed(staff, verified_client):
    client = verified_client(staff)
    response = client.get("/admin/trail/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403
    assert Event.objects.filter(action="request.refused", actor=staff).count() == 1
