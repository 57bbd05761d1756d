import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

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
        "UPDATE trail_event SET hash = '00' WHERE id = %s",
        "UPDATE trail_event SET seq = seq + 100 WHERE id = %s",
        "DELETE FROM trail_event WHERE id = %s",
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


def test_a_pending_event_is_sealed_once_and_only_once(department):
    event = trail.record("test.event", target=department)
    with pytest.raises(DatabaseError), transaction.atomic():
        # Sealing may not touch the content at the same time.
        raw("UPDATE trail_event SET seq = 1, hash = 'ab', body = '{}' WHERE id = %s", [event.pk])
    seal()
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("UPDATE trail_event SET seq = 99, hash = 'ab' WHERE id = %s", [event.pk])


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
