"""Read receipts on opening a circulated record, and the reader's comments
(阅批意见)."""

import pytest
from django.urls import reverse
from reversion.models import Version

from portal.access.levels import Level
from portal.trail.models import Event
from registers.models import CirculationReceipt
from tests.trail_events import business_events, named

from .conftest import in_english, in_hours

pytestmark = pytest.mark.django_db


def test_opening_the_record_records_the_first_reading_only(
    record, staff, colleague, circulate, verified_client
):
    circulation = circulate([staff, colleague], instruction="请阅", deadline=in_hours(24))
    client = verified_client(staff)
    with business_events() as events:
        assert client.get(record.url).status_code == 200
    receipt = CirculationReceipt.objects.get(circulation=circulation, recipient=staff)
    first = receipt.read_at
    assert first is not None
    assert client.get(record.url).status_code == 200
    receipt.refresh_from_db()
    assert receipt.read_at == first, "the first opening counts"
    assert Event.objects.filter(action="circulation.read", actor=staff).count() == 1
    event = Event.objects.get(action="circulation.read")
    assert event.target_id == str(receipt.pk) and event.details["page"] == record.pk
    versions = Version.objects.get_for_object(receipt)
    assert [v.revision.get_comment() for v in versions] == ["circulation.read", "circulation.send"]
    assert versions[0].revision.user == staff
    assert events == [event] and named(event) == [("reversion.version", str(versions[0].pk))]
    assert CirculationReceipt.objects.get(recipient=colleague).read_at is None


def test_a_refused_reader_gets_no_reading_recorded(record, staff, circulate, verified_client):
    circulate([staff])
    record.confidentiality = Level.SECRET  # staff no longer read it
    record.save_revision().publish()
    response = verified_client(staff).get(record.url)
    assert response.status_code == 403
    assert CirculationReceipt.objects.get(recipient=staff).read_at is None
    assert not Event.objects.filter(action="circulation.read").exists()
    assert Event.objects.filter(action="access.refused", actor=staff).exists()


def test_someone_who_was_not_sent_the_record_changes_nothing(
    record, staff, colleague, circulate, verified_client
):
    circulate([staff])
    assert verified_client(colleague).get(record.url).status_code == 200
    assert CirculationReceipt.objects.get(recipient=staff).read_at is None
    assert not Event.objects.filter(action="circulation.read").exists()


def test_the_record_shows_the_recipient_the_instruction_and_a_comment_form(
    record, staff, colleague, circulate, verified_client
):
    in_english(staff, colleague)
    circulate([staff], instruction="请各部门阅后签署意见", deadline=in_hours(30))
    html = verified_client(staff).get(record.url).content.decode()
    receipt = CirculationReceipt.objects.get(recipient=staff)
    assert "Circulation for reading" in html and "请各部门阅后签署意见" in html
    assert reverse("registers:circulation_comment", args=[receipt.pk]) in html
    assert "Save comment" in html
    other = verified_client(colleague).get(record.url).content.decode()
    assert "请各部门阅后签署意见" not in other and "circulation_comment" not in other


def comment_url(receipt):
    return reverse("registers:circulation_comment", args=[receipt.pk])


def test_comments_are_kept_and_the_latest_is_shown(record, staff, circulate, verified_client):
    in_english(staff)
    circulate([staff])
    receipt = CirculationReceipt.objects.get()
    client = verified_client(staff)
    with business_events() as events:
        response = client.post(
            comment_url(receipt), {"comment": "同意，请行政办公室落实。", "next": record.url}
        )
    assert response.status_code == 302 and response["Location"] == record.url
    receipt.refresh_from_db()
    assert receipt.comment == "同意，请行政办公室落实。" and receipt.read_at and receipt.commented_at
    client.post(comment_url(receipt), {"comment": "补充：月底前完成。"})
    receipt.refresh_from_db()
    assert receipt.comment == "补充：月底前完成。"
    html = client.get(record.url).content.decode()
    assert "补充：月底前完成。" in html and "Add a new comment" in html

    comments = [
        e.details["comment"] for e in Event.objects.filter(action="circulation.comment").order_by("id")
    ]
    assert comments == ["同意，请行政办公室落实。", "补充：月底前完成。"]
    (first,) = events  # reading and commenting in one go: one event, the comment
    assert first.action == "circulation.comment" and len(named(first)) == 1
    kept = [v.field_dict["comment"] for v in Version.objects.get_for_object(receipt)]
    assert "同意，请行政办公室落实。" in kept and "补充：月底前完成。" in kept


def test_an_empty_comment_is_refused_with_a_message(record, staff, circulate, verified_client):
    in_english(staff)
    circulate([staff])
    receipt = CirculationReceipt.objects.get()
    response = verified_client(staff).post(comment_url(receipt), {"comment": "  "}, follow=True)
    assert "Your comment was not saved" in response.content.decode()
    receipt.refresh_from_db()
    assert receipt.comment == "" and not Event.objects.filter(action="circulation.comment").exists()


def test_only_the_recipient_comments_and_only_by_post(record, staff, colleague, circulate, verified_client):
    circulate([staff])
    receipt = CirculationReceipt.objects.get()
    assert verified_client(colleague).post(comment_url(receipt), {"comment": "冒名"}).status_code == 404
    assert verified_client(staff).get(comment_url(receipt)).status_code == 405
    receipt.refresh_from_db()
    assert receipt.comment == ""


def test_a_comment_is_refused_when_the_reader_lost_access(record, staff, circulate, verified_client):
    circulate([staff])
    receipt = CirculationReceipt.objects.get()
    record.confidentiality = Level.SECRET
    record.save_revision().publish()
    assert verified_client(staff).post(comment_url(receipt), {"comment": "意见"}).status_code == 403
    receipt.refresh_from_db()
    assert receipt.comment == ""


def test_an_outside_next_address_is_not_followed(record, staff, circulate, verified_client):
    circulate([staff])
    receipt = CirculationReceipt.objects.get()
    response = verified_client(staff).post(
        comment_url(receipt), {"comment": "阅", "next": "https://evil.example/"}
    )
    assert response["Location"] == record.url
