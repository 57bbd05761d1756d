"""The circulation status table, the register listing, the paper slip and
the archivist's record of paper signatures."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.permissions import policy_registry

from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.history import history_sections
from portal.trail.models import Event
from registers.models import Circulation, CirculationReceipt
from registers.services import circulation as service

from .conftest import in_english, in_hours

pytestmark = pytest.mark.django_db


def status_url(page):
    return reverse("circulations:status", args=[page.pk])


def make_overdue(circulation):
    Circulation.objects.filter(pk=circulation.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=2)
    )


def test_the_status_table_shows_readers_comments_and_overdue_readers(
    record, department_head, staff, colleague, circulate, verified_client
):
    in_english(department_head)
    circulation = circulate([staff, colleague], instruction="请阅后签署意见", deadline=in_hours(5))
    service.record_read(record, staff)
    service.add_comment(CirculationReceipt.objects.get(recipient=staff), staff, "已阅，同意。")
    make_overdue(circulation)

    html = verified_client(department_head).get(status_url(record)).content.decode()
    assert "请阅后签署意见" in html and "赵敏" in html
    assert "孙丽" in html and "李娜" in html and "行政办公室" in html
    assert "已阅，同意。" in html
    read_at = timezone.localtime(CirculationReceipt.objects.get(recipient=staff).read_at)
    assert read_at.strftime("%Y-%m-%d %H:%M") in html
    # The unread reader past the deadline stands out, in words and by a class.
    colleague_row = html.split("李娜")[0].rsplit("<tr", 1)[1] + html.split("李娜")[1].split("</tr>")[0]
    assert "circulation-status__overdue" in colleague_row and "Unread, overdue" in colleague_row
    staff_row = html.split("孙丽")[0].rsplit("<tr", 1)[1] + html.split("孙丽")[1].split("</tr>")[0]
    assert "circulation-status__overdue" not in staff_row and "overdue" not in staff_row


def test_readers_without_oversight_do_not_see_the_status(record, outsider, circulate, verified_client):
    record.confidentiality = Level.PUBLIC  # the outsider reads it but does not edit it
    record.save_revision().publish()
    circulate([outsider])
    response = verified_client(outsider).get(status_url(record))
    # Refused: back to the listing the record is in, with why.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[record.get_parent().pk])
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_the_register_lists_circulations_to_those_concerned(
    record, department_head, staff, outsider, auditor, circulate, verified_client
):
    in_english(department_head, outsider, auditor)
    circulate([staff], instruction="年度检查")
    index = reverse("circulations:index")
    html = verified_client(department_head).get(index).content.decode()
    assert record.title in html and status_url(record) in html and "0 / 1" in html
    assert record.title in verified_client(auditor).get(index).content.decode()
    assert record.title not in verified_client(outsider).get(index).content.decode()
    assert index in verified_client(outsider).get(reverse("wagtailadmin_home")).content.decode(), (
        "in the menu"
    )


def test_external_auditors_do_not_open_the_register(staff):

    from registers.models import Circulation

    policy = policy_registry.get_by_type(Circulation)
    visitor = UserFactory(roles=[Role.EXTERNAL_AUDITOR])
    assert policy.user_has_permission(staff, "view") and not policy.user_has_permission(visitor, "view")
    assert not policy.user_has_any_permission(staff, ["add", "change", "delete"])


def test_the_register_filters_overdue_circulations(
    home_page, department, record, staff, circulate, verified_client, auditor
):
    from home.factories import SectionPageFactory

    in_english(auditor)
    late = circulate([staff], deadline=in_hours(3))
    make_overdue(late)
    other = SectionPageFactory(parent=home_page, title="按时阅读的文件", department=department, owner=staff)
    circulate([staff], page=other, deadline=in_hours(3))
    html = verified_client(auditor).get(reverse("circulations:index") + "?overdue=true").content.decode()
    assert record.title in html and "按时阅读的文件" not in html


def test_the_record_history_has_a_circulation_section(record, department_head, staff, outsider, circulate):
    circulate([staff])
    request = RequestFactory().get("/")
    request.user = department_head
    sections = history_sections(record, request)
    section = next(s for s in sections if s.template == "registers/history/circulation.html")
    ((circulation, receipts),) = section.context["circulations"]
    assert circulation.page_id == record.pk and [r.recipient for r in receipts] == [staff]
    html = render_to_string(section.template, {"section": section, "page": record}, request=request)
    assert staff.get_full_name() in html and reverse("circulations:status", args=[record.pk]) in html
    request.user = outsider
    assert not any(
        s.template == "registers/history/circulation.html" for s in history_sections(record, request)
    )


def slip_url(circulation):
    return reverse("circulations:slip", args=[circulation.pk])


def test_the_slip_prints_the_document_and_a_blank_line_per_recipient(
    record, department_head, staff, colleague, circulate, verified_client
):
    in_english(department_head)
    circulation = circulate([staff, colleague], instruction="请于周五前阅毕", deadline=in_hours(50))
    response = verified_client(department_head).get(slip_url(circulation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Circulation slip" in html and record.title in html and "Document number" in html
    assert "请于周五前阅毕" in html and "赵敏" in html
    assert timezone.localtime(circulation.deadline).strftime("%Y-%m-%d %H:%M") in html
    assert "孙丽" in html and "李娜" in html
    assert html.count('class="sheet__blank"') == 6  # comment, signature, date for each of two
    event = Event.objects.get(action="print", actor=department_head)
    assert event.target_id == str(circulation.pk) and event.details["document"] == "circulation_slip"


def test_the_slip_is_refused_to_readers(record, outsider, circulate, verified_client):
    record.confidentiality = Level.PUBLIC
    record.save_revision().publish()
    circulation = circulate([outsider])
    response = verified_client(outsider).get(slip_url(circulation))
    assert response.status_code == 302
    assert not Event.objects.filter(action="print").exists()


def paper_url(receipt):
    return reverse("circulations:paper_signature", args=[receipt.pk])


def test_an_archivist_records_the_paper_signature(record, archivist, staff, circulate, verified_client):
    in_english(archivist)
    circulate([staff])
    receipt = CirculationReceipt.objects.get()
    today = timezone.localdate()
    client = verified_client(archivist)
    assert client.get(status_url(record)).status_code == 200
    assert paper_url(receipt) in client.get(status_url(record)).content.decode()
    response = client.post(paper_url(receipt), {"signed_by": "孙丽", "signed_on": today.isoformat()})
    assert response.status_code == 302
    receipt.refresh_from_db()
    assert receipt.paper_signed_by == "孙丽" and receipt.paper_signed_on == today
    assert receipt.paper_recorded_by == archivist and receipt.paper_recorded_at is not None
    event = Event.objects.get(action="circulation.paper_signature")
    assert event.actor == archivist and event.details["signed_by"] == "孙丽"
    html = client.get(status_url(record)).content.decode()
    assert f"孙丽, {today:%Y-%m-%d}" in html and "recorded by 何梅" in html


def test_a_paper_signature_cannot_be_dated_in_the_future(
    record, archivist, staff, circulate, verified_client
):
    in_english(archivist)
    circulate([staff])
    receipt = CirculationReceipt.objects.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = verified_client(archivist).post(
        paper_url(receipt), {"signed_by": "孙丽", "signed_on": tomorrow}
    )
    assert "The date of signing cannot be in the future." in response.content.decode()
    receipt.refresh_from_db()
    assert receipt.paper_signed_on is None


def test_only_archivists_record_paper_signatures(record, department_head, staff, circulate, verified_client):
    circulate([staff])
    receipt = CirculationReceipt.objects.get()
    today = timezone.localdate().isoformat()
    for user in (department_head, staff):
        response = verified_client(user).post(paper_url(receipt), {"signed_by": "孙丽", "signed_on": today})
        # Refused: back to the register, with why.
        assert response.status_code == 302 and response["Location"] == "/admin/registers/circulation/"
        assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    receipt.refresh_from_db()
    assert (
        receipt.paper_signed_by == ""
        and not Event.objects.filter(action="circulation.paper_signature").exists()
    )


def test_the_slip_and_the_register_print_carry_the_marking_of_the_circulated_record(
    record, department_head, leader, circulate, verified_client
):
    record.confidentiality = Level.SECRET
    record.confidentiality_term = "10年"
    record.save_revision().publish()
    circulation = circulate([leader])
    client = verified_client(department_head)
    for url in (slip_url(circulation), f"/admin/registers/circulation/print/{circulation.pk}/"):
        html = client.get(url).content.decode()
        head = html[html.index('<header class="official">') : html.index("</header>")]
        assert ">秘密★10年<" in head, url
        assert ">行政办公室<" in head, url  # the issuing department, in red
        assert html.index("</header>") < html.index("<h1>"), url
        assert "official-imprint" in html, url  # the imprint closes the printout
