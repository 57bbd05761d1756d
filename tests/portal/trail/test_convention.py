"""One business action = one event naming every source row it wrote
(docs/trail.md); events sealed under the first convention keep verifying."""

import json

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from home.factories import SectionPageFactory
from portal import records, trail
from portal.access.levels import Level
from portal.access.models import AccessRequest
from portal.trail import chain
from portal.trail.checks import verify
from portal.trail.models import Event, EventSource, Seal
from portal.trail.recording import _insert
from portal.trail.sealing import seal
from portal.trail.sources import reference

from .conftest import first_problem

pytestmark = pytest.mark.django_db


def request_for(user, reason="审计抽查"):
    now = timezone.now()
    return AccessRequest(
        requester=user,
        reason=reason,
        starts_at=now,
        ends_at=now + timezone.timedelta(days=1),
        department=user.department,
        max_level=Level.INTERNAL,
    )


def named(event):
    return list(event.sources.order_by("id").values_list("source_type", "source_id"))


def test_a_write_is_one_event_naming_its_versions(staff):
    first, second = request_for(staff, "一"), request_for(staff, "二")
    before = Event.objects.count()
    records.write("test.two_requests", staff, first, second, details={"n": 2})
    (event,) = Event.objects.all()[: Event.objects.count() - before]
    assert event.action == "test.two_requests" and event.actor == staff
    assert event.target_id == str(first.pk) and event.details == {"n": 2}
    versions = [Version.objects.get_for_object(row).get() for row in (first, second)]
    assert named(event) == [("reversion.version", str(v.pk)) for v in versions]
    assert versions[0].revision.user == staff and versions[0].revision.comment == "test.two_requests"
    body = json.loads(event.body)
    assert body["v"] == 2 and [s["id"] for s in body["sources"]] == [str(v.pk) for v in versions]
    assert verify().ok


def test_a_failed_write_leaves_no_row_no_version_and_no_event(staff):
    before = (Event.objects.count(), Version.objects.count(), AccessRequest.objects.count())
    with pytest.raises(RuntimeError), records.writing("test.failing", staff) as writing:
        writing.save(request_for(staff))
        raise RuntimeError("the business rule refuses")
    assert (Event.objects.count(), Version.objects.count(), AccessRequest.objects.count()) == before


def test_an_action_inside_another_joins_it_as_a_step(staff):
    with trail.action("test.outer", actor=staff, details={"what": "外层"}) as outer:
        records.write("test.inner", staff, request_for(staff), details={"what": "内层"})
        outer.target = staff
    event = Event.objects.order_by("-id").first()
    assert event.action == "test.outer"
    assert event.details == {"what": "外层", "steps": [{"action": "test.inner", "details": {"what": "内层"}}]}
    assert len(named(event)) == 1
    assert not Event.objects.filter(action="test.inner").exists()


def test_a_direct_edit_of_any_named_row_is_found_at_its_event(staff, tamper):
    rows = [request_for(staff, str(n)) for n in range(3)]
    records.write("test.three", staff, *rows)
    seal()
    event = Event.objects.get(action="test.three")
    last = Version.objects.get_for_object(rows[2]).get()
    tamper("UPDATE reversion_version SET object_repr = '改过' WHERE id = %s", [last.pk])
    problem = first_problem()
    assert (problem.seq, problem.reason) == (event.seq, "source_changed")
    assert str(last.pk) in problem.note


def test_a_named_row_left_out_of_the_source_list_is_found(staff, tamper):
    records.write("test.two", staff, request_for(staff, "一"), request_for(staff, "二"))
    seal()
    event = Event.objects.get(action="test.two")
    tamper("DELETE FROM trail_eventsource WHERE id = %s", [event.sources.order_by("id").last().pk])
    problem = first_problem()
    assert problem.seq == event.seq and problem.reason == "columns"


def test_a_digest_rewritten_in_the_source_list_is_found(staff, tamper):
    row = request_for(staff)
    records.write("test.one", staff, row)
    seal()
    event = Event.objects.get(action="test.one")
    version = Version.objects.get_for_object(row).get()
    # The intruder edits the version and puts its new digest in the list.
    tamper("UPDATE reversion_version SET object_repr = '改过' WHERE id = %s", [version.pk])
    new_digest = reference(version)["digest"]
    tamper("UPDATE trail_eventsource SET digest = %s WHERE event_id = %s", [new_digest, event.pk])
    problem = first_problem()
    assert problem.seq == event.seq and problem.reason == "columns"


def test_the_rows_of_a_request_are_one_event_per_record(home_page, department, department_head):
    """Wagtail's editor saves a revision and logs the edit, then logs the
    publish: in one request that is one ``wagtail.publish``."""
    from portal.trail.scopes import request_actions

    section = SectionPageFactory(parent=home_page, title="财务制度", department=department)
    before = Event.objects.order_by("-id").values_list("id", flat=True).first()
    with request_actions():
        revision = section.save_revision(user=department_head, log_action=True)
        revision.publish(user=department_head, skip_permission_checks=True)
    (event,) = Event.objects.filter(id__gt=before)
    assert event.action == "wagtail.publish"
    assert event.details["actions"] == ["wagtail.edit", "wagtail.publish"]
    kinds = [kind for kind, _id in named(event)]
    assert sorted(kinds) == ["wagtailcore.pagelogentry", "wagtailcore.pagelogentry", "wagtailcore.revision"]
    assert verify().ok


# --- The first convention ----------------------------------------------------------


def old_event(action, target=None, source=None):
    """An event as sealed before version 2: one source, in the body's
    ``source`` and the event's own columns, none in trail_eventsource."""
    ref = reference(source) if source is not None else None
    at = timezone.now()
    body = chain.canonical_json(
        {
            "v": 1,
            "at": at.isoformat(),
            "action": action,
            "actor": None,
            "ip": None,
            "target": {"type": "accounts.department", "id": str(target.pk), "label": str(target)}
            if target
            else None,
            "department": None,
            "details": {},
            "source": ref,
        }
    )
    values = {
        "at": at,
        "actor_id": None,
        "actor_label": "",
        "client_ip": None,
        "action": action,
        "target_type": "accounts.department" if target else "",
        "target_id": str(target.pk) if target else "",
        "target_label": str(target) if target else "",
        "department_id": None,
        "source_type": (ref or {}).get("type", ""),
        "source_id": (ref or {}).get("id", ""),
        "source_digest": (ref or {}).get("digest", ""),
    }
    return _insert(values, body)


def v1_chain(department, archivist):
    """Three old events, each sealing one version of a rename."""
    events = []
    for number in range(3):
        with trail.action("test.hold", actor=archivist) as holding:  # keep the version out of new events
            with reversion.create_revision():
                department.name = f"行政办公室{number}"
                department.save()
            holding.rows.clear()
        version = Version.objects.get_for_object(department).first()
        events.append(old_event("register.version", department, version))
    return events


def test_a_trail_of_the_first_convention_still_verifies(department, archivist, empty_trail):
    old = v1_chain(department, archivist)
    trail.record("test.after", target=department)  # and a new event after them
    seal()
    assert Seal.objects.filter(event__in=old).count() == 3
    assert not EventSource.objects.filter(event__in=old).exists()
    report = verify()
    assert report.ok, report.problems


def test_a_row_named_by_an_old_event_is_still_held_to_its_digest(department, archivist, empty_trail, tamper):
    old = v1_chain(department, archivist)
    seal()
    version_id = old[1].source_id
    tamper("UPDATE reversion_version SET object_repr = '改过' WHERE id = %s", [version_id])
    problem = first_problem()
    assert problem.reason == "source_changed" and version_id in problem.note
    assert problem.seq == Event.objects.get(pk=old[1].pk).seq


def test_the_event_page_lists_every_row_the_event_names(staff, leader, verified_client):
    records.write("test.two", staff, request_for(staff, "一"), request_for(staff, "二"))
    seal()
    event = Event.objects.get(action="test.two")
    html = verified_client(leader).get(f"/admin/trail/inspect/{event.pk}/").content.decode()
    for source in event.sources.all():
        assert f"reversion.version {source.source_id} {source.digest}" in html
