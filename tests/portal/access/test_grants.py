"""ACC-1: ask from the refusal page, routing, what awaits an approver,
approve or refuse with an opinion, revoke; every step a reversion version
and a trail event."""

import datetime
import re

import pytest
from django.utils import timezone
from reversion.models import Version

from portal.access.levels import Level
from portal.access.models import AccessRequest
from portal.access.services import grants
from portal.trail.models import Event
from tests.trail_events import business_events, named

from .conftest import in_english

pytestmark = pytest.mark.django_db

Status = AccessRequest.Status


def ask_from_refusal_page(client, page, reason="需要参考", days=5):
    html = client.get(page.url).content.decode()
    link = re.search(r'href="(/access/request/\?[^"]+)"', html).group(1).replace("&amp;", "&")
    today = timezone.localdate()
    return client.post(
        link,
        {
            "reason": reason,
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=days)).isoformat(),
        },
    )


def test_requesting_from_the_refusal_page_routes_internal_records_to_the_head(world, verified_client):
    user = world.people["staff_other"]
    client = verified_client(user)
    page = world.pages[Level.INTERNAL]
    response = ask_from_refusal_page(client, page)
    assert response.status_code == 302 and response["Location"] == "/access/requests/"

    access_request = AccessRequest.objects.get(requester=user)
    assert access_request.status == Status.PENDING
    assert access_request.route == AccessRequest.Route.HEADS
    assert access_request.department == world.department and access_request.target_label == page.title
    assert Event.objects.filter(
        action="access.request", actor=user, target_id=str(access_request.pk)
    ).exists()
    assert Version.objects.get_for_object(access_request).count() == 1

    mine = client.get("/access/requests/").content.decode()
    assert page.title not in mine, "the requester may not read the record yet"
    assert "（密级：内部，无权查阅）" in mine
    # The head of A sees it waiting; the head of B does not see it at all.
    head = verified_client(world.people["head_same"])
    assert page.title in head.get("/admin/").content.decode()
    assert page.title in head.get("/admin/access/requests/", {"awaiting": "true"}).content.decode()
    assert (
        page.title
        not in verified_client(world.people["head_other"]).get("/admin/access/requests/").content.decode()
    )


def test_secret_records_and_headless_departments_go_to_leadership(world):
    now, later = timezone.now(), timezone.now() + datetime.timedelta(days=1)
    user = world.people["staff_other"]
    secret = grants.request_access(
        user, reason="r", starts_at=now, ends_at=later, record=world.memos[Level.SECRET]
    )
    assert secret.route == AccessRequest.Route.LEADERSHIP
    world.department.heads.clear()
    internal = grants.request_access(
        user, reason="r", starts_at=now, ends_at=later, department=world.department, max_level=Level.INTERNAL
    )
    assert internal.route == AccessRequest.Route.LEADERSHIP
    assert list(AccessRequest.objects.awaiting(world.people["leader"])) == [internal, secret]
    assert not AccessRequest.objects.awaiting(world.people["head_same"]).exists()


def test_approving_with_an_opinion_opens_the_record_for_the_period(world, verified_client):
    user = world.people["staff_other"]
    page = world.pages[Level.INTERNAL]
    ask_from_refusal_page(verified_client(user), page, days=10)
    access_request = AccessRequest.objects.get(requester=user)

    head = verified_client(in_english(world.people["head_same"]))
    form = head.get(f"/admin/access/requests/decide/{access_request.pk}/")
    assert form.status_code == 200 and "需要参考" in form.content.decode()
    until = timezone.localdate() + datetime.timedelta(days=3)
    with business_events() as events:
        response = head.post(
            f"/admin/access/requests/decide/{access_request.pk}/",
            {"decision": "approve", "opinion": "同意，限三天。", "ends_on": until.isoformat()},
        )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == Status.APPROVED and access_request.decided_by == world.people["head_same"]
    assert timezone.localtime(access_request.ends_at).date() == until + datetime.timedelta(days=1)
    event = Event.objects.get(action="access.grant.approve", target_id=str(access_request.pk))
    assert event.details["opinion"] == "同意，限三天。" and event.actor == world.people["head_same"]
    assert Version.objects.get_for_object(access_request).count() == 2
    decision = Version.objects.get_for_object(access_request).first()  # the newest
    assert events == [event] and named(event) == [("reversion.version", str(decision.pk))]

    assert verified_client(user).get(page.url).status_code == 200
    assert verified_client(user).get(world.pages[Level.SECRET].url).status_code == 403, "one record only"


def test_refusing_keeps_the_record_closed(world, verified_client):
    user = world.people["staff_other"]
    page = world.pages[Level.SECRET]
    ask_from_refusal_page(verified_client(user), page)
    access_request = AccessRequest.objects.get(requester=user)
    assert access_request.route == AccessRequest.Route.LEADERSHIP

    # The head of A may not decide what goes to leadership; nor may the requester.
    for person in (world.people["head_same"], user):
        response = verified_client(person).post(
            f"/admin/access/requests/decide/{access_request.pk}/", {"decision": "approve", "opinion": "x"}
        )
        # Refused: back to the requests awaiting a decision, with why.
        assert response.status_code == 302 and response["Location"] == "/admin/access/requests/"
        access_request.refresh_from_db()
        assert access_request.status == Status.PENDING

    verified_client(world.people["leader"]).post(
        f"/admin/access/requests/decide/{access_request.pk}/", {"decision": "refuse", "opinion": "不同意"}
    )
    access_request.refresh_from_db()
    assert access_request.status == Status.REFUSED and access_request.opinion == "不同意"
    assert Event.objects.filter(action="access.grant.refuse", target_id=str(access_request.pk)).exists()
    assert verified_client(user).get(page.url).status_code == 403


def test_a_grant_can_be_revoked(world, verified_client):
    user = world.people["grantee"]
    memo = world.memos[Level.SECRET]
    assert verified_client(user).get(f"/admin/memos/inspect/{memo.pk}/").status_code == 200
    access_request = AccessRequest.objects.get(requester=user, target_id=memo.pk, target_type__model="memo")
    response = verified_client(world.people["leader"]).post(
        f"/admin/access/requests/revoke/{access_request.pk}/", {"reason": "项目已结束"}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == Status.REVOKED and access_request.closing_note == "项目已结束"
    assert Event.objects.filter(action="access.grant.revoke", target_id=str(access_request.pk)).exists()
    assert verified_client(user).get(f"/admin/memos/inspect/{memo.pk}/").status_code == 403


def test_a_department_request_and_the_longest_period(world, verified_client, settings):
    settings.ACCESS_GRANT_MAX_DAYS = 30
    client = verified_client(in_english(world.people["staff_other"]))
    today = timezone.localdate()
    data = {
        "department": world.department.pk,
        "max_level": Level.INTERNAL,
        "reason": "季度检查",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=45)).isoformat(),
    }
    too_long = client.post("/access/request/", data)
    assert too_long.status_code == 200 and "A grant lasts at most 30 days." in too_long.content.decode()
    data["ends_on"] = (today + datetime.timedelta(days=20)).isoformat()
    assert client.post("/access/request/", data).status_code == 302
    access_request = AccessRequest.objects.get(requester=world.people["staff_other"])
    assert access_request.target_type is None and access_request.max_level == Level.INTERNAL
    assert access_request.route == AccessRequest.Route.HEADS


def test_staff_have_no_approvers_menu(world, verified_client):
    assert verified_client(world.people["staff_same"]).get("/admin/access/requests/").status_code == 302
