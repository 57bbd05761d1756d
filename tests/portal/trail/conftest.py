import pytest
from django.db import connection

from portal.trail import triggers
from portal.trail.checks import verify
from portal.trail.models import Checkpoint, Event, PendingEvent, Seal
from portal.trail.sealing import seal


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


@pytest.fixture
def tamper():
    """``tamper(sql, params)``: what an intruder with database access does,
    triggers dropped first and put back after."""

    def run(sql, params=()):
        triggers.drop(connection)
        try:
            return raw(sql, params)
        finally:
            triggers.install(connection)

    return run


@pytest.fixture
def empty_trail(db):
    """A trail numbered from 1, as in a new database: the events of the
    session's ``setup_portal`` are removed inside the test's transaction,
    and so are back for the next test."""
    triggers.drop(connection)
    try:
        for model in (Checkpoint, Seal, PendingEvent, Event):
            raw(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
    finally:
        triggers.install(connection)


@pytest.fixture
def sealed_trail(department, empty_trail):
    """A trail of 20 sealed events about a department (their seals, in order);
    the department, made first, is not in it."""
    from portal import trail

    for number in range(20):
        trail.record("test.event", target=department, details={"n": number, "text": "留痕测试"})
    seal()
    assert Seal.objects.count() == 20
    return Seal.objects.order_by("seq")


def first_problem():
    seal()
    report = verify()
    assert not report.ok, "verification should have failed"
    return report.first_problem
