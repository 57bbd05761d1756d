"""ACC-2: a visit is registered with credentials, approved by leadership
with an escort; the visitors' accounts work only during it, see only its
scope, export only with leave; the visit report lists what they opened."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal.access.levels import Level
from portal.access.models import ExternalVisit
from portal.accounts import two_factor
from portal.accounts.factories import DEMO_PASSWORD, UserFactory
from portal.accounts.roles import Role
from portal.inbox import pending_items
from portal.trail.models import Event
from tests.trail_events import business_events, named

from .conftest import in_english, make_document, open_visit

pytestmark = pytest.mark.django_db

Status = ExternalVisit.Status


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture
def auditor(world):
    return in_english(UserFactory(username="auditor", roles=[Role.EXTERNAL_AUDITOR]))


def test_registering_and_approving_a_visit_in_the_admin(world, auditor, verified_client):
    archivist, leader = world.people["archivist"], world.people["leader"]
    credential = make_document("执业证书", world.department, Level.SECRET, archivist)
    now = timezone.now()
    form = {
        "organisation": "审计署驻地特派办",
        "purpose": "专项审计",
        "credentials": inline_formset([{"document": credential.pk, "description": "证件"}], min=1),
        "max_level": Level.INTERNAL,
        "starts_at": local(now + datetime.timedelta(days=1)),
        "ends_at": local(now + datetime.timedelta(days=3)),
    }
    client = verified_client(archivist)
    assert client.get("/admin/access/visits/new/").status_code == 200
    many = {"visitors": [auditor.pk], "departments": [world.department.pk]}
    with business_events() as events:
        response = client.post("/admin/access/visits/new/", nested_form_data(form) | many)
    assert response.status_code == 302, response.content.decode()[:3000]
    visit = ExternalVisit.objects.get(organisation="审计署驻地特派办")
    assert visit.status == Status.REGISTERED and visit.registered_by == archivist
    assert list(visit.visitors.all()) == [auditor] and visit.credentials.get().document == credential
    # One event, naming the visit's version and its credential's (which follows it).
    (event,) = events
    assert (event.action, event.target_id) == ("access.visit.register", str(visit.pk))
    versions = [Version.objects.get_for_object(row).get() for row in (visit, visit.credentials.get())]
    assert sorted(named(event)) == sorted(("reversion.version", str(v.pk)) for v in versions)

    # Archivists register; only leadership decides, from 我的待办 (due when the visit starts).
    assert client.get(f"/admin/access/visits/decide/{visit.pk}/").status_code == 302
    decide_url = f"/admin/access/visits/decide/{visit.pk}/"
    (waiting,) = [item for item in pending_items(leader) if item.url == decide_url]
    assert "审计署驻地特派办" in waiting.title and waiting.due == visit.starts_at
    assert [item for item in pending_items(archivist) if item.url == decide_url] == []
    decision = {"decision": "approve", "opinion": "同意", "escort": archivist.pk, "may_export": "on"}
    response = verified_client(leader).post(f"/admin/access/visits/decide/{visit.pk}/", decision)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Status.APPROVED and visit.escort == archivist and visit.may_export
    assert Event.objects.filter(action="access.visit.approve", actor=leader).exists()
    assert [item for item in pending_items(leader) if item.url == decide_url] == []
    # An approved visit is no longer edited.
    assert client.get(f"/admin/access/visits/edit/{visit.pk}/").status_code == 302


def test_approval_needs_an_archivist_escort(world, auditor):
    from django.core.exceptions import ValidationError

    from portal.access.services import visits

    visit = ExternalVisit(
        organisation="x",
        purpose="y",
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )
    visit.visitors = [auditor]
    visit.departments = [world.department]
    visits.register_visit(visit, world.people["archivist"])
    with pytest.raises(ValidationError):
        visits.decide(visit, world.people["leader"], approve=True, opinion="同意", escort=world.people["it"])


def test_outside_the_visit_the_account_is_refused_with_a_clear_message(world, auditor, client):
    codes = two_factor.issue_backup_codes(auditor)
    now = timezone.now()
    visit = open_visit(
        auditor,
        world.people["leader"],
        world.people["archivist"],
        [world.department],
        Level.INTERNAL,
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=2),
    )
    client.post("/accounts/login/", {"username": auditor.username, "password": DEMO_PASSWORD})
    response = client.get("/accounts/two-factor/verify/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your visit is not open" in html and local(visit.starts_at)[:16] in html
    assert "_auth_user_id" not in client.session, "signed out"
    assert Event.objects.filter(action="access.visit.outside", actor=auditor).exists()

    # During the visit the same account signs in and reads its scope.
    ExternalVisit.objects.filter(pk=visit.pk).update(starts_at=now - datetime.timedelta(minutes=5))
    client.post("/accounts/login/", {"username": auditor.username, "password": DEMO_PASSWORD})
    assert client.post("/accounts/two-factor/verify/", {"token": codes[0]}).status_code == 302
    assert client.get(world.pages[Level.INTERNAL].url).status_code == 200
    assert client.get(world.pages[Level.SECRET].url).status_code == 403

    # After it, the next request ends the session.
    ExternalVisit.objects.filter(pk=visit.pk).update(ends_at=now - datetime.timedelta(minutes=1))
    assert client.get(world.pages[Level.INTERNAL].url).status_code == 403
    assert "_auth_user_id" not in client.session


def test_run_periodic_ends_visits_once(world):
    visit = ExternalVisit.objects.get(visitors=world.people["visitor"])
    ExternalVisit.objects.filter(pk=visit.pk).update(ends_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("run_periodic", verbosity=0)
    call_command("run_periodic", verbosity=0)
    visit.refresh_from_db()
    assert visit.status == Status.ENDED and visit.ended_at is not None
    assert Event.objects.filter(action="access.visit.end", target_id=str(visit.pk)).count() == 1


def test_exports_only_when_the_approval_allows_them(world, auditor, verified_client):
    open_visit(
        auditor,
        world.people["leader"],
        world.people["archivist"],
        [world.department],
        Level.INTERNAL,
        may_export=True,
    )
    export = verified_client(auditor).get("/admin/memos/", {"export": "csv"})
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Zephyr internal" in rows and "Zephyr secret" not in rows


def test_the_visit_report_lists_what_the_visitors_opened(world, verified_client):
    visitor, archivist = world.people["visitor"], world.people["archivist"]
    client = verified_client(visitor)
    client.get(world.pages[Level.PUBLIC].url)
    client.get(world.documents[Level.INTERNAL].url)
    client.get(world.pages[Level.SECRET].url)  # refused: listed too
    visit = ExternalVisit.objects.get(visitors=visitor)

    report = verified_client(world.people["leader"]).get(f"/admin/access/visits/report/{visit.pk}/")
    html = report.content.decode()
    assert report.status_code == 200
    for title in ("Zephyr public", "Zephyr internal", "Zephyr secret"):
        assert title in html
    assert archivist.get_full_name() in html and visit.organisation in html
    assert html.count(visitor.get_full_name()) >= 3
    assert Event.objects.filter(action="print", target_id=str(visit.pk)).exists()
    assert (
        verified_client(world.people["staff_same"])
        .get(f"/admin/access/visits/report/{visit.pk}/")
        .status_code
        == 302
    )


def test_visitors_are_not_offered_access_requests(world, verified_client):
    client = verified_client(world.people["visitor"])
    assert "/access/requests/" not in client.get("/").content.decode()
    assert client.get("/access/requests/").status_code == 404
    assert client.get("/access/request/").status_code == 404
    assert "/access/requests/" in verified_client(world.people["staff_same"]).get("/").content.decode()
