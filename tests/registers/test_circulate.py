"""Circulating a published record (DOC-3, DOC-4): who receives it, who is
refused, what is checked, the e-mails and the trail."""

import pytest
from django.core import mail
from django.urls import reverse
from reversion.models import Version

from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.trail.models import Event
from registers.models import Circulation, CirculationReceipt
from registers.services import circulation as service
from tests.trail_events import business_events, named

from .conftest import in_english, in_hours

pytestmark = pytest.mark.django_db


def circulate_url(page):
    return reverse("circulations:circulate", args=[page.pk])


def group_pk(role):
    from django.contrib.auth.models import Group

    return Group.objects.get(name=role.group_name).pk


def test_people_departments_and_roles_become_distinct_active_recipients(
    record, department, department_head, staff, colleague, archivist, leader, verified_client
):
    in_english(department_head)
    UserFactory(roles=[Role.STAFF], department=department, username="gone", is_active=False)
    response = verified_client(department_head).post(
        circulate_url(record),
        {
            "kind": "action",
            "users": [staff.pk, leader.pk],
            "departments": [department.pk],
            "roles": [group_pk(Role.ARCHIVIST)],
            "instruction": "请阅后提出意见",
            "deadline": in_hours(48).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("circulations:status", args=[record.pk])

    circulation = Circulation.objects.get()
    assert circulation.kind == Circulation.Kind.ACTION and circulation.sender == department_head
    assert circulation.title == record.title and circulation.department == department
    recipients = set(circulation.receipts.values_list("recipient__username", flat=True))
    # staff, leader (named and a member), the colleague and the head (members), the archivist (role
    # and a member): each once; the inactive member not at all.
    assert recipients == {u.username for u in (staff, leader, colleague, department_head, archivist)}
    assert CirculationReceipt.objects.count() == 5

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (staff, leader, colleague, department_head, archivist)
    )
    message = mail.outbox[0]
    assert record.title in message.subject
    assert "请阅后提出意见" in message.body and f"http://127.0.0.1:8000{record.url}" in message.body

    event = Event.objects.get(action="circulation.send")
    assert event.actor == department_head and event.target_id == str(circulation.pk)
    assert len(event.details["recipients"]) == 5 and event.department_id == department.pk
    assert Version.objects.get_for_object(circulation).count() == 1


def test_recipients_who_may_not_read_the_record_are_refused_by_name(
    record, department_head, staff, outsider, verified_client
):
    in_english(department_head)
    response = verified_client(department_head).post(
        circulate_url(record), {"kind": "read", "users": [staff.pk, outsider.pk]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "These recipients may not read this record: 周晴" in html
    assert "孙丽" not in html.split("may not read this record")[1].split("</p>")[0]
    assert not Circulation.objects.exists() and not CirculationReceipt.objects.exists()
    assert mail.outbox == []
    assert not Event.objects.filter(action="circulation.send").exists()


def test_the_deadline_must_be_in_the_future_and_someone_must_be_chosen(
    record, department_head, staff, verified_client
):
    in_english(department_head)
    client = verified_client(department_head)
    past = in_hours(-1).strftime("%Y-%m-%dT%H:%M")
    response = client.post(circulate_url(record), {"kind": "read", "users": [staff.pk], "deadline": past})
    assert "The deadline must be in the future." in response.content.decode()
    response = client.post(circulate_url(record), {"kind": "read"})
    assert "Choose at least one person, department or role." in response.content.decode()
    assert not Circulation.objects.exists() and mail.outbox == []


def refused(response):
    """The admin answers a refusal with a redirect back and a message why."""
    from django.contrib import messages

    said = [m for m in messages.get_messages(response.wsgi_request) if m.level == messages.ERROR]
    return response.status_code == 302 and bool(said)


def test_only_editors_circulate_and_only_live_records(record, department_head, outsider, verified_client):
    # The outsider may not even list the record: refused as the record itself would be.
    assert verified_client(outsider).get(circulate_url(record)).status_code in (403, 404)
    assert Event.objects.filter(action="access.refused", actor=outsider).exists()
    record.unpublish()
    assert refused(verified_client(department_head).post(circulate_url(record), {"users": [outsider.pk]}))
    assert not Circulation.objects.exists()


def test_the_page_editor_offers_a_circulate_button(record, department_head, outsider, verified_client):
    in_english(department_head, outsider)
    edit = reverse("wagtailadmin_pages:edit", args=[record.pk])
    assert circulate_url(record) in verified_client(department_head).get(edit).content.decode()
    explore = reverse("wagtailadmin_explore", args=[record.get_parent().pk])
    assert circulate_url(record) in verified_client(department_head).get(explore).content.decode()
    status = reverse("circulations:status", args=[record.pk])
    assert f'href="{status}"' not in verified_client(department_head).get(edit).content.decode()
    service.circulate(record, department_head, recipients=[department_head])
    assert f'href="{status}"' in verified_client(department_head).get(edit).content.decode()


def test_a_secret_record_cannot_be_circulated_to_ordinary_staff(
    record, department_head, staff, leader, circulate
):
    from django.core.exceptions import ValidationError

    record.confidentiality = Level.SECRET
    record.save_revision().publish()
    with pytest.raises(ValidationError, match="孙丽"):
        circulate([staff, leader])
    circulation = circulate([leader])
    assert list(circulation.receipts.values_list("recipient", flat=True)) == [leader.pk]


def test_sending_to_n_people_is_one_event_naming_each_receipt(
    record, department, department_head, staff, colleague, leader, verified_client
):
    client = verified_client(department_head)
    with business_events() as events:
        response = client.post(
            circulate_url(record), {"kind": "read", "users": [staff.pk, colleague.pk, leader.pk]}
        )
    assert response.status_code == 302
    (event,) = events
    circulation = Circulation.objects.get()
    assert event.action == "circulation.send" and event.target_id == str(circulation.pk)
    versions = {
        str(Version.objects.get_for_object(row).get().pk)
        for row in (circulation, *circulation.receipts.all())
    }
    assert len(versions) == 4
    assert {source_id for kind, source_id in named(event)} == versions
    assert {kind for kind, _id in named(event)} == {"reversion.version"}
