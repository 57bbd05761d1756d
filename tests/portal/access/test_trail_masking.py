"""The 留痕 menu names a record's title and details only to a reader who may
read the record; everyone else sees the event's facts and the mask."""

import csv
import io

import pytest
from django.urls import reverse

from portal import trail
from portal.access.levels import Level
from portal.trail.models import Event
from portal.trail.sealing import seal

from .conftest import grant, in_english

pytestmark = pytest.mark.django_db

OPINION = "阅批意见：请财务部核实付款"


@pytest.fixture
def opinion_event(world):
    page = world.pages[Level.SECRET]
    trail.record("test.opinion", actor=world.people["leader"], target=page, details={"opinion": OPINION})
    seal()
    return Event.objects.get(action="test.opinion")


def _export(client):
    response = client.get(reverse("trail:index"), {"action": "test.opinion", "export": "csv"})
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_a_reader_who_may_not_read_the_record_sees_facts_and_the_mask(world, opinion_event, verified_client):
    reader = in_english(world.people["internal_audit"])  # reads public and internal records
    client = verified_client(reader)
    page = world.pages[Level.SECRET]

    listing = client.get(reverse("trail:index"), {"action": "test.opinion"}).content.decode()
    assert "(classification: Secret; not open to you)" in listing
    assert page.title not in listing

    inspect = client.get(reverse("trail:inspect", args=[opinion_event.pk])).content.decode()
    assert page.title not in inspect and OPINION not in inspect
    for fact in (opinion_event.target_type, str(page.pk), opinion_event.hash, world.department.name):
        assert fact in inspect

    [row] = _export(client)
    assert row["Record"] == "(classification: Secret; not open to you)"
    assert row["Details"] == "(classification: Secret; not open to you)"
    assert row["Record id"] == str(page.pk) and row["Hash"] == opinion_event.hash


def test_a_reader_of_the_record_sees_everything(world, opinion_event, verified_client):
    client = verified_client(in_english(world.people["leader"]))
    inspect = client.get(reverse("trail:inspect", args=[opinion_event.pk])).content.decode()
    assert world.pages[Level.SECRET].title in inspect and OPINION in inspect
    [row] = _export(client)
    assert row["Record"] == world.pages[Level.SECRET].title and OPINION in row["Details"]


def test_internal_audit_reads_the_full_text_through_a_grant_like_anyone(
    world, opinion_event, verified_client
):
    auditor = world.people["internal_audit"]
    grant(auditor, world.people["leader"], record=world.pages[Level.SECRET])
    client = verified_client(in_english(auditor))
    inspect = client.get(reverse("trail:inspect", args=[opinion_event.pk])).content.decode()
    assert world.pages[Level.SECRET].title in inspect and OPINION in inspect


def test_the_trail_does_not_import_the_access_rule():
    """Neither the trail nor its export module climbs to access."""
    import ast
    from pathlib import Path

    import portal.trail

    for module in Path(portal.trail.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("portal.access"), module
            if isinstance(node, ast.Import):
                assert not any(alias.name.startswith("portal.access") for alias in node.names), module


def test_an_event_about_a_circulation_is_masked_as_its_page(world, verified_client):
    from registers.models import Circulation

    page = world.pages[Level.SECRET]
    circulation = Circulation.objects.create(
        page=page, title=page.title, department=world.department, sender=world.people["leader"]
    )
    trail.record(
        "test.comment", actor=world.people["head_same"], target=circulation, details={"comment": OPINION}
    )
    seal()
    event = Event.objects.get(action="test.comment")
    assert page.title in event.target_label
    client = verified_client(in_english(world.people["internal_audit"]))
    html = client.get(reverse("trail:inspect", args=[event.pk])).content.decode()
    assert page.title not in html and OPINION not in html
    assert "(classification: Secret; not open to you)" in html
    leader = verified_client(world.people["leader"])
    assert OPINION in leader.get(reverse("trail:inspect", args=[event.pk])).content.decode()


def test_a_search_by_title_finds_only_events_whose_title_the_reader_sees(
    world, opinion_event, verified_client
):
    """Matching a hidden title would tell that a record of that title exists."""
    title = world.pages[Level.SECRET].title

    def found(person):
        response = verified_client(person).get(reverse("trail:index"), {"q": title, "action": "test.opinion"})
        return [event.pk for event in response.context["object_list"]]

    assert found(world.people["internal_audit"]) == []
    assert found(world.people["leader"]) == [opinion_event.pk]
    # The event's facts still find it for every trail reader.
    response = verified_client(world.people["internal_audit"]).get(
        reverse("trail:index"), {"q": opinion_event.target_id, "action": "test.opinion"}
    )
    assert [event.pk for event in response.context["object_list"]] == [opinion_event.pk]
