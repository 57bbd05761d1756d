"""The access registers (requests, visits, repeated refusals) in the admin,
on the register pattern: the listing and its search hold only what the
rule lets the user read, and each record has an inspect view with its print,
history and trail buttons, a printout, a history of its versions and an
xlsx export that leaves one trail event."""

import io

import openpyxl
import pytest

from portal.trail.models import Event

from .conftest import in_english

pytestmark = pytest.mark.django_db

# register: (address, a word of its searchable text, what its history shows first)
REGISTERS = {
    "request": ("/admin/access/requests/", "台账", "Access requested"),
    "visit": ("/admin/access/visits/", "事务所", "External audit visit approved"),
    "flag": ("/admin/access/flags/", None, "Repeated refusals flagged"),
}


def listed(client, url, record, **params):
    html = client.get(url, params).content.decode()
    return f"inspect/{record.pk}/" in html


@pytest.mark.parametrize("name", list(REGISTERS))
def test_the_listing_and_its_search_hold_only_readable_records(people, registers, verified_client, name):
    url, word, _label = REGISTERS[name]
    record = registers[name]
    reader = verified_client(people["leader"])
    other = verified_client(people["archivist"])  # opens all three menus, reads none of these
    assert listed(reader, url, record) and not listed(other, url, record)
    word = word or str(record.user)[-2:]  # a flag is found by the name of the person flagged
    assert listed(reader, url, record, q=word) and not listed(other, url, record, q=word)
    assert not listed(reader, url, record, q="没有这种记录")


@pytest.mark.parametrize("name", list(REGISTERS))
def test_each_record_prints_shows_its_history_and_links_its_trail(people, registers, verified_client, name):
    url, _word, label = REGISTERS[name]
    record = registers[name]
    leader = in_english(people["leader"])
    client = verified_client(leader)

    inspect = client.get(f"{url}inspect/{record.pk}/").content.decode()
    for button in (f"{url}print/{record.pk}/", f"{url}history/{record.pk}/", "/admin/trail/?target_type="):
        assert button in inspect, button
    assert f"target_id={record.pk}" in inspect

    printed = client.get(f"{url}print/{record.pk}/")
    assert printed.status_code == 200 and 'class="sheet' in printed.content.decode()
    assert Event.objects.filter(action="print", actor=leader, target_id=str(record.pk)).count() == 1

    history = client.get(f"{url}history/{record.pk}/").content.decode()
    assert label in history
    assert "No log entries" not in history


def marker(name, record):
    """Text only this record shows in a listing or an export."""
    return str(record.user) if name == "flag" else {"request": "核对台账", "visit": "华信会计师事务所"}[name]


@pytest.mark.parametrize("name", list(REGISTERS))
def test_the_xlsx_export_holds_readable_rows_and_leaves_one_event(people, registers, verified_client, name):
    url, _word, _label = REGISTERS[name]
    record = registers[name]
    for subject, included in (("leader", True), ("archivist", False)):
        user = people[subject]
        response = verified_client(user).get(url, {"export": "xlsx"})
        rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
        cells = {str(cell) for row in rows[1:] for cell in row}
        assert (marker(name, record) in cells) is included, subject
        event = Event.objects.get(action="export", actor=user)
        assert event.details["format"] == "xlsx" and event.details["rows"] == len(rows) - 1


def test_a_reader_of_a_request_who_may_not_read_its_record_sees_it_masked(
    people, registers, world, verified_client
):
    from portal.access.levels import Level
    from portal.access.services import grants

    page = world.pages[Level.CONFIDENTIAL]
    request = grants.request_access(
        people["staff_other"],
        reason="复核",
        starts_at=registers["request"].starts_at,
        ends_at=registers["request"].ends_at,
        record=page,
    )
    auditor = verified_client(people["internal_audit"])  # reads every request, not this page
    url = "/admin/access/requests/"
    for view in ("inspect", "print", "history"):
        response = auditor.get(f"{url}{view}/{request.pk}/")
        assert response.status_code == 200, view
        assert page.title not in response.content.decode(), view
    export = auditor.get(url, {"export": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert str(request.requester) in text and page.title not in text
    assert page.title in verified_client(people["leader"]).get(f"{url}inspect/{request.pk}/").content.decode()
