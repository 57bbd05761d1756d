import pytest
from django.db import connection

from portal.trail import triggers
from portal.trail.models import Seal
from portal.trail.sealing import seal
from portal.trail.verification import verify


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
def sealed_trail(db, department):
    """A trail of 20 sealed events about a department (their seals, in order)."""
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
