"""A second request for the same records while the first still waits (the
form sent again, from the back button or a second tab) is refused, saves
nothing, records no event, and links to the first one."""

import datetime
import re

import pytest
from django.utils import timezone

from portal.access.levels import Level
from portal.access.models import AccessRequest
from portal.trail.models import Event

from .test_grants import ask_from_refusal_page

pytestmark = pytest.mark.django_db


def request_form_of(client, page):
    html = client.get(page.url).content.decode()
    return re.search(r'href="(/access/request/\?[^"]+)"', html).group(1).replace("&amp;", "&")


def send(client, link, reason="需要参考"):
    today = timezone.localdate()
    dates = {"starts_on": today.isoformat(), "ends_on": (today + datetime.timedelta(days=5)).isoformat()}
    return client.post(link, {"reason": reason, **dates})


def test_a_duplicate_pending_request_is_refused_with_a_link_to_the_first(world, verified_client):
    user = world.people["staff_other"]
    client = verified_client(user)
    link = request_form_of(client, world.pages[Level.INTERNAL])
    assert send(client, link).status_code == 302
    first = AccessRequest.objects.get(requester=user)
    events = Event.objects.filter(action="access.request").count()

    response = send(client, link, reason="再次申请")
    html = response.content.decode()
    assert response.status_code == 200
    assert "该申请仍在审批中，本次未重复提交" in html
    assert f'href="/access/requests/#request-{first.pk}"' in html
    assert AccessRequest.objects.filter(requester=user).count() == 1
    assert Event.objects.filter(action="access.request").count() == events
    assert f'id="request-{first.pk}"' in client.get("/access/requests/").content.decode()


def test_after_a_decision_or_for_another_record_one_may_ask_again(world, verified_client):
    from portal.access.services import grants

    user = world.people["staff_other"]
    client = verified_client(user)
    link = request_form_of(client, world.pages[Level.INTERNAL])
    assert send(client, link).status_code == 302
    assert ask_from_refusal_page(client, world.pages[Level.SECRET]).status_code == 302, "another record"
    first = AccessRequest.objects.get(requester=user, target_label=world.pages[Level.INTERNAL].title)
    grants.decide(first, world.people["head_same"], approve=False, opinion="不需要")
    assert send(client, link).status_code == 302, "the first was decided"
    assert AccessRequest.objects.filter(requester=user, target_label=first.target_label).count() == 2
