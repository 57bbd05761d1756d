"""One helper guards a table in the database: append-only, or immutable
once a row reaches a state."""

import pytest
from django.db import DatabaseError, connection, transaction

from portal.trail.triggers import Guard
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db

SIGNED = Guard("testapp_memo", "signed memos are never changed", when="OLD.body = '已签'")


@pytest.fixture
def guarded(department):
    draft = Memo.objects.create(title="草稿", body="", department=department)
    signed = Memo.objects.create(title="签报", body="已签", department=department)
    SIGNED.install(connection)
    yield draft, signed
    SIGNED.drop(connection)


def refused(statement, params):
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
    return str(error.value)


def test_a_row_in_the_guarded_state_is_never_changed_nor_deleted(guarded):
    _draft, signed = guarded
    message = refused("UPDATE testapp_memo SET title = '改' WHERE id = %s", [signed.pk])
    assert "signed memos are never changed" in message and "UPDATE" in message
    assert "DELETE" in refused("DELETE FROM testapp_memo WHERE id = %s", [signed.pk])
    signed.refresh_from_db()
    assert signed.title == "签报"


def test_rows_before_that_state_change_freely_until_they_reach_it(guarded):
    draft, _signed = guarded
    Memo.objects.filter(pk=draft.pk).update(title="草稿二")
    Memo.objects.filter(pk=draft.pk).update(body="已签")  # signing is the last change
    refused("UPDATE testapp_memo SET title = '再改' WHERE id = %s", [draft.pk])
    draft.refresh_from_db()
    assert (draft.title, draft.body) == ("草稿二", "已签")


def test_dropping_the_guard_lifts_it(guarded):
    _draft, signed = guarded
    SIGNED.drop(connection)
    Memo.objects.filter(pk=signed.pk).update(title="可改")
    SIGNED.install(connection)
    assert Memo.objects.get(pk=signed.pk).title == "可改"
