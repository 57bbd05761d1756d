"""Attachments are access-controlled documents: their type and size are
checked on upload (WAGTAILDOCS_EXTENSIONS, WAGTAILDOCS_MAX_UPLOAD_SIZE), and
record pages show their size and SHA-256."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection

from home.factories import PolicyPageFactory
from portal.access.models import RecordDocument

pytestmark = pytest.mark.django_db


def _upload(client, department, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "department": department.pk,
            "confidentiality": 1,
        },
    )


def test_a_file_of_a_refused_type_is_refused_clearly(staff, english_client, department):
    response = _upload(english_client(staff), department, "setup.exe", b"MZ")
    assert response.status_code == 200
    assert "File extension “exe” is not allowed." in response.content.decode()
    assert not RecordDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused_clearly(staff, english_client, department, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = _upload(english_client(staff), department, "scan.pdf", b"%PDF" + b"0" * 2048)
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not RecordDocument.objects.exists()


def test_an_accepted_file_gets_its_fixity_value(staff, english_client, department):
    content = b"%PDF-1.4 minutes"
    response = _upload(english_client(staff), department, "minutes.pdf", content)
    assert response.status_code == 302
    document = RecordDocument.objects.get()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.file_size == len(content)


def test_record_page_lists_attachments_with_size_and_sha256(section, staff, english_client, department):
    content = b"attachment body"
    document = RecordDocument(title="附件一", department=department)
    document.file.save("attachment.txt", ContentFile(content), save=False)
    document._set_file_hash()
    document.file_size = len(content)
    document.save()
    policy = PolicyPageFactory(
        parent=section,
        department=department,
        attachments=[{"type": "attachment", "value": {"document": document.pk, "note": "签批件"}}],
    )
    html = english_client(staff).get(policy.url).content.decode()
    assert "附件一" in html and "签批件" in html
    assert hashlib.sha256(content).hexdigest() in html
    assert "15\xa0bytes" in html
