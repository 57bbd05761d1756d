"""Attachments follow their record: a file attached to a record page is
opened by whoever may read the page — grant holders, named participants,
training audiences — unless the file's own level is stricter; the page lists
only the attachments its reader may open. Images likewise."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.images.tests.utils import get_test_image_file

from home.factories import DocumentPageFactory, SectionPageFactory, TrainingPageFactory
from portal.access import rules
from portal.access.levels import Level
from portal.access.models import RecordDocument, RecordImage
from portal.access.rules import Action
from portal.access.services import grants
from portal.accounts.factories import DepartmentFactory, UserFactory
from portal.accounts.roles import Role

pytestmark = pytest.mark.django_db


def _document(title, department, level):
    document = RecordDocument(title=title, department=department, confidentiality=level)
    document.file.save(f"{title}.txt", ContentFile(f"{title}\n".encode()), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def _attach(*documents):
    return [{"type": "attachment", "value": {"document": d.pk, "note": ""}} for d in documents]


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def outsider(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, username="outsider")


@pytest.fixture
def secret_report(home_page, department, department_head, outsider):
    """A secret report of ``department`` naming ``outsider``, with a secret
    attachment and a confidential one (stricter than the page)."""
    section = SectionPageFactory(parent=home_page, department=department, confidentiality=Level.PUBLIC)
    attached = _document("预算附表", department, Level.SECRET)
    stricter = _document("薪酬明细", department, Level.CONFIDENTIAL)
    page = DocumentPageFactory(
        parent=section,
        title="年度预算报告",
        department=department,
        confidentiality=Level.SECRET,
        owner=department_head,
        attachments=_attach(attached, stricter),
    )
    return page, attached, stricter


def test_a_named_participant_opens_the_pages_files_but_not_a_stricter_one(
    secret_report, outsider, verified_client
):
    page, attached, stricter = secret_report
    client = verified_client(outsider)
    assert client.get(attached.url).status_code == 403, "not named yet: the file's own rule refuses"
    page.participants.add(outsider)
    page.save()
    assert client.get(page.url).status_code == 200
    response = client.get(attached.url)
    assert response.status_code == 200 and _body(response) == "预算附表\n".encode()
    assert client.get(attached.file.url).status_code == 200, "the media address asks the same rule"
    assert client.get(stricter.url).status_code == 404, "a confidential file keeps its own readers"


def test_a_grant_holder_opens_the_files_of_the_granted_record(
    secret_report, outsider, leader, verified_client
):
    page, attached, _stricter = secret_report
    now = timezone.now()
    request = grants.request_access(
        outsider,
        reason="年度审计",
        starts_at=now - datetime.timedelta(minutes=1),
        ends_at=now + datetime.timedelta(days=1),
        record=page,
    )
    grants.decide(request, leader, approve=True, opinion="同意")
    client = verified_client(outsider)
    assert client.get(attached.url).status_code == 200


def test_the_attachment_list_shows_only_what_the_reader_may_open(
    secret_report, outsider, department_head, verified_client
):
    page, attached, stricter = secret_report
    page.participants.add(outsider)
    page.save()
    html = verified_client(outsider).get(page.url).content.decode()
    assert "预算附表" in html and attached.sha256 in html
    assert "薪酬明细" not in html and stricter.sha256 not in html
    html = verified_client(department_head).get(page.url).content.decode()
    assert "预算附表" in html and "薪酬明细" not in html, "the head reads secret, not confidential files"


def test_the_rule_and_its_filter_agree_on_attached_files(secret_report, outsider, staff):
    page, attached, stricter = secret_report
    page.participants.add(outsider)
    page.save()
    for user in (outsider, staff):
        for action in (Action.DOWNLOAD, Action.LIST):
            kept = set(RecordDocument.objects.filter(rules.filter_for(user, action, RecordDocument)))
            assert {d for d in (attached, stricter) if rules.can(user, action, d)} == kept & {
                attached,
                stricter,
            }
    assert rules.can(outsider, Action.DOWNLOAD, attached) and not rules.can(staff, Action.DOWNLOAD, attached)
    assert not rules.can(outsider, Action.EDIT, attached), "reading a record's file is not editing it"


def test_a_training_audience_opens_the_training_files(
    home_page, department, department_head, verified_client
):
    trainees = DepartmentFactory(code="市", name="市场营销部")
    trainee = UserFactory(roles=[Role.STAFF], department=trainees)
    section = SectionPageFactory(parent=home_page, department=department, confidentiality=Level.PUBLIC)
    material = _document("保密培训讲义", department, Level.INTERNAL)
    training = TrainingPageFactory(
        parent=section,
        department=department,
        confidentiality=Level.INTERNAL,
        owner=department_head,
        audience=[trainees],
        attachments=_attach(material),
    )
    client = verified_client(trainee)
    assert client.get(training.url).status_code == 200, "the audience reads the training"
    assert client.get(material.url).status_code == 200
    assert "保密培训讲义" in client.get(training.url).content.decode()


def test_an_image_in_a_pages_text_follows_the_page(secret_report, outsider, verified_client):
    page, _attached, _stricter = secret_report
    image = RecordImage.objects.create(
        title="预算图", file=get_test_image_file(), department=page.department, confidentiality=Level.SECRET
    )
    page.main_content = (
        f'<p>见图</p><embed embedtype="image" id="{image.pk}" format="fullwidth" alt="预算图"/>'
    )
    page.save_revision().publish()
    client = verified_client(outsider)
    assert client.get(image.file.url).status_code == 403
    page.participants.add(outsider)
    page.save()
    assert client.get(image.file.url).status_code == 200
