"""What a refused person sees, what the trail keeps, and the flag raised by
repeated refusals."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page

from portal.access.levels import Level
from portal.access.models import RefusalFlag
from portal.access.services import grants
from portal.trail.models import Event

from .conftest import in_english

pytestmark = pytest.mark.django_db


def test_the_refusal_page_says_what_why_and_how_to_ask(world, verified_client):
    user = in_english(world.people["staff_other"])
    page = world.pages[Level.INTERNAL]
    response = verified_client(user).get(page.url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "You may not open this record" in html
    assert page.title not in html and "title not shown" in html, (
        "the title is not the refused reader's to see"
    )
    assert world.department.name in html and "Internal" in html
    assert "members of the owning department" in html and "internal audit" in html
    assert 'href="/access/request/?type=' in html and f"id={page.pk}" in html
    assert "Request access" in html
    assert f"Contents of {page.title}" not in html

    event = Event.objects.get(action="access.refused", actor=user)
    assert event.target_id == str(page.pk)
    assert event.details["level"] == "internal" and event.details["action"] == "view"
    assert not Event.objects.filter(action="request.refused", actor=user).exists(), "sealed once"


def test_a_confidential_record_is_not_found_rather_than_refused(world, verified_client):
    user = world.people["staff_same"]
    page = world.pages[Level.CONFIDENTIAL]
    response = verified_client(user).get(page.url)
    assert response.status_code == 404
    assert page.title not in response.content.decode()
    assert Event.objects.filter(action="access.refused", actor=user, target_id=str(page.pk)).exists()
    # Asking for it by address reveals nothing either.
    page_type = ContentType.objects.get_for_model(Page).pk
    form = verified_client(user).get("/access/request/", {"type": page_type, "id": page.pk})
    assert form.status_code == 404


def test_a_pending_request_is_shown_instead_of_a_second_request_link(world, verified_client):
    user = in_english(world.people["staff_other"])
    page = world.pages[Level.SECRET]
    now = timezone.now()
    grants.request_access(
        user, reason="audit prep", starts_at=now, ends_at=now + datetime.timedelta(days=2), record=page
    )
    html = verified_client(user).get(page.url).content.decode()
    assert "your request is waiting for a decision" in html
    assert "Request access</a>" not in html


def test_visitors_are_told_the_scope_and_get_no_request_link(world, verified_client):
    user = in_english(world.people["visitor"])
    response = verified_client(user).get(world.pages[Level.SECRET].url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your visit was approved for certain departments" in html
    assert "/access/request/" not in html


@override_settings(ACCESS_REFUSAL_FLAG_THRESHOLD=3, ACCESS_REFUSAL_FLAG_WINDOW=600)
def test_repeated_refusals_raise_one_flag_visible_to_internal_audit(world, verified_client):
    user = world.people["staff_other"]
    client = verified_client(user)
    client.get(world.pages[Level.INTERNAL].url)
    client.get(world.pages[Level.SECRET].url)
    assert not RefusalFlag.objects.exists()
    client.get(world.documents[Level.SECRET].url)
    client.get(world.documents[Level.INTERNAL].url)  # a fourth, in the same window: no second flag
    flag = RefusalFlag.objects.get()
    assert flag.user == user and flag.refusals == 3
    assert Event.objects.filter(action="access.refusals_flagged", target_id=str(flag.pk)).exists()

    auditor_view = verified_client(world.people["internal_audit"]).get("/admin/access/flags/")
    assert auditor_view.status_code == 200 and user.get_full_name() in auditor_view.content.decode()
    assert verified_client(world.people["staff_same"]).get("/admin/access/flags/").status_code == 302


@override_settings(ACCESS_REFUSAL_FLAG_THRESHOLD=2)
def test_refusals_elsewhere_in_the_admin_are_flagged_by_run_periodic(world, verified_client):
    from django.core.management import call_command

    user = world.people["staff_same"]  # no rights on the trail or the access registers
    client = verified_client(user)
    for url in ("/admin/trail/", "/admin/access/flags/"):
        assert client.get(url).status_code == 302
    assert Event.objects.filter(action="request.refused", actor=user).count() == 2
    assert not RefusalFlag.objects.exists()
    call_command("run_periodic", verbosity=0)
    call_command("run_periodic", verbosity=0)
    assert RefusalFlag.objects.get().user == user
