import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from portal import trail
from portal.trail.models import Event, TrailIsAppendOnly
from portal.trail.sealing import seal

from .conftest import raw

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(department):
    event = trail.record("test.event", target=department)
    seal()
    event.refresh_from_db()
    return event


def test_orm_refuses_to_change_or_delete_events(event):
    with pytest.raises(TrailIsAppendOnly):
        Event.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(TrailIsAppendOnly):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(TrailIsAppendOnly):
        event.delete()
    event.action = "x"
    with pytest.raises(TrailIsAppendOnly):
        event.save()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE trail_event SET action = 'x' WHERE id = %s",
        "DELETE FROM trail_event WHERE id = %s",
        "UPDATE trail_seal SET hash = '00' WHERE event_id = %s",
        "UPDATE trail_seal SET seq = seq + 100 WHERE event_id = %s",
        "UPDATE trail_seal SET body = '{}' WHERE event_id = %s",
        "DELETE FROM trail_seal WHERE event_id = %s",
    ],
)
def test_database_refuses_to_change_or_delete_events(event, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql, [event.pk])
    assert Event.objects.get(pk=event.pk).hash == event.hash


def test_database_refuses_to_truncate(event):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("TRUNCATE trail_event")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("TRUNCATE trail_seal")


def test_a_waiting_event_cannot_be_changed_and_is_sealed_once(department):
    event = trail.record("test.event", target=department)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE trail_pendingevent SET body = '{}' WHERE event_id = %s", [event.pk])
    seal()
    with pytest.raises(IntegrityError), transaction.atomic():
        raw(
            "INSERT INTO trail_seal (seq, event_id, body, hash, signature) VALUES (99, %s, '{}', 'ab', '')",
            [event.pk],
        )


def test_checkpoints_cannot_be_changed(event):
    from portal.trail.checkpoints import create_checkpoint

    checkpoint = create_checkpoint()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE trail_checkpoint SET size = 1 WHERE id = %s", [checkpoint.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("DELETE FROM trail_checkpoint WHERE id = %s", [checkpoint.pk])


def test_flush_and_purge_revisions_are_refused(event, settings):
    settings.TRAIL_ALLOW_FLUSH = False
    with pytest.raises(CommandError, match="清空数据库会抹去留痕"):
        call_command("flush", interactive=False)
    with pytest.raises(CommandError, match="永不清除"):
        call_command("purge_revisions", days=30)
    assert Event.objects.filter(pk=event.pk).exists()
