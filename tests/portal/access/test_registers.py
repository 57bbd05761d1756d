"""Every path to a register record (the admin views of
``AccessControlledViewSet``), for every kind of person and every level:
listing, search, export, inspect, print and edit."""

import pytest
from django.core.management import call_command

from portal.access.levels import Level
from portal.trail.models import Event

from .conftest import EDITS, LEVELS, READS, SUBJECTS, expected

pytestmark = pytest.mark.django_db


def levels_in(text, world):
    return {level for level, memo in world.memos.items() if memo.title in text}


def readable_levels(subject):
    return {level for level in LEVELS if expected(READS, subject, level)}


def refused_status(level):
    return 404 if level == Level.CONFIDENTIAL else 403


@pytest.mark.parametrize("subject", SUBJECTS)
def test_listing_search_and_export_hold_only_readable_records(world, subject, verified_client):
    client = verified_client(world.people[subject])
    readable = readable_levels(subject)

    assert levels_in(client.get("/admin/memos/").content.decode(), world) == readable
    assert levels_in(client.get("/admin/memos/", {"q": "Zephyr"}).content.decode(), world) == readable

    export = client.get("/admin/memos/", {"export": "csv"})
    if subject == "visitor":  # the visit's approval does not allow exports
        assert export.status_code == 403
        assert Event.objects.filter(action="access.refused", actor=world.people[subject]).exists()
    else:
        assert export.status_code == 200
        rows = b"".join(export.streaming_content).decode("utf-8-sig")
        assert levels_in(rows, world) == readable
        event = Event.objects.filter(action="export", actor=world.people[subject]).latest("id")
        assert event.details["rows"] == len(readable)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_inspect_print_and_edit_ask_the_rule(world, subject, verified_client):
    user = world.people[subject]
    client = verified_client(user)
    for level, memo in world.memos.items():
        inspect = client.get(f"/admin/memos/inspect/{memo.pk}/")
        printed = client.get(f"/admin/memos/print/{memo.pk}/")
        edit = client.get(f"/admin/memos/edit/{memo.pk}/")
        if expected(READS, subject, level):
            assert inspect.status_code == 200 and printed.status_code == 200, level
            assert memo.title in printed.content.decode()
            assert Event.objects.filter(action="print", actor=user, target_id=str(memo.pk)).exists() is (
                level != Level.PUBLIC or subject == "visitor"
            )
        else:
            assert inspect.status_code == printed.status_code == refused_status(level), level
        assert (edit.status_code == 200) is expected(EDITS, subject, level), level
        if not expected(READS, subject, level):
            assert edit.status_code == refused_status(level)


def test_editing_is_refused_for_readers_who_may_not_edit(world, verified_client):
    client = verified_client(world.people["participant"])
    memo = world.memos[Level.SECRET]
    response = client.post(
        f"/admin/memos/edit/{memo.pk}/", {"title": "changed", "department": memo.department_id}
    )
    assert response.status_code == 403
    memo.refresh_from_db()
    assert memo.title == "Zephyr secret"


def test_an_expired_grant_stops_opening_records(world, verified_client):
    import datetime

    from django.utils import timezone

    from portal.access.models import AccessRequest

    user = world.people["grantee"]
    memo = world.memos[Level.CONFIDENTIAL]
    assert verified_client(user).get(f"/admin/memos/inspect/{memo.pk}/").status_code == 200
    AccessRequest.objects.filter(requester=user).update(
        ends_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("run_periodic", verbosity=0)
    client = verified_client(user)
    assert client.get(f"/admin/memos/inspect/{memo.pk}/").status_code == 404
    assert levels_in(client.get("/admin/memos/").content.decode(), world) == {Level.PUBLIC}


def test_history_and_usage_ask_the_rule_too(world, verified_client):
    client = verified_client(world.people["staff_same"])
    for level, memo in world.memos.items():
        for view in ("history", "usage"):
            response = client.get(f"/admin/memos/{view}/{memo.pk}/")
            readable = level in (Level.PUBLIC, Level.INTERNAL)
            assert (response.status_code == 200) is readable, (view, level)


def test_every_spreadsheet_export_refuses_visitors_without_leave(world, rf):
    from django.core.exceptions import PermissionDenied

    from portal.trail.spreadsheets import LocalSpreadsheetExportMixin

    export = LocalSpreadsheetExportMixin()
    export.request = rf.get("/admin/anything/?export=csv")
    export.request.user = world.people["visitor"]
    with pytest.raises(PermissionDenied):
        export.as_spreadsheet([], "csv")
