"""Files are records: downloads through the document view and through a
direct /media/ address ask the same rule, the admin's document library and
chooser list only readable files, and uploads carry a fixity value."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images.tests.utils import get_test_image_file

from portal.access.levels import Level
from portal.access.models import RecordDocument, RecordImage
from portal.trail.models import Event

from .conftest import LEVELS, READS, SUBJECTS, expected, make_document

pytestmark = pytest.mark.django_db


def refused_status(level):
    return 404 if level == Level.CONFIDENTIAL else 403


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("subject", SUBJECTS)
def test_downloads_by_document_view_and_by_media_address(world, subject, verified_client):
    user = world.people[subject]
    client = verified_client(user)
    for level, document in world.documents.items():
        for url in (document.url, document.file.url):
            response = client.get(url)
            if expected(READS, subject, level):
                assert response.status_code == 200, (url, level)
                assert body(response) == f"{document.title}\n".encode()
            else:
                assert response.status_code == refused_status(level), (url, level)
                assert document.title.encode() + b"\n" != body(response)
        downloads = Event.objects.filter(action="access.download", actor=user, target_id=str(document.pk))
        sealed = expected(READS, subject, level) and (level != Level.PUBLIC or subject == "visitor")
        assert downloads.count() == (2 if sealed else 0)


@pytest.mark.parametrize("subject", ["staff_same", "staff_other", "head_same", "leader", "archivist"])
def test_the_document_chooser_and_library_list_only_readable_files(world, subject, verified_client):
    client = verified_client(world.people[subject])
    readable = {level for level in LEVELS if expected(READS, subject, level)}
    chooser = client.get("/admin/documents/chooser/").json()["html"]
    assert {level for level, d in world.documents.items() if d.title in chooser} == readable
    library = client.get("/admin/documents/").content.decode()
    assert {level for level, d in world.documents.items() if d.title in library} <= readable


def test_a_media_address_without_a_record_is_not_served(world, verified_client, settings):
    stray = settings.MEDIA_ROOT / "documents" / "stray.txt"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("not a record")
    client = verified_client(world.people["leader"])
    assert client.get("/media/documents/stray.txt").status_code == 404
    assert client.get("/media/../settings.py").status_code == 404


def test_media_requires_sign_in(world, client):
    response = client.get(world.documents[Level.PUBLIC].file.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_image_renditions_are_served_under_the_images_rule(world, verified_client):
    image = RecordImage.objects.create(
        title="Org chart",
        file=get_test_image_file(),
        department=world.department,
        confidentiality=Level.INTERNAL,
    )
    rendition = image.get_rendition("width-40")
    assert verified_client(world.people["staff_same"]).get(rendition.url).status_code == 200
    assert verified_client(world.people["staff_same"]).get(image.file.url).status_code == 200
    assert verified_client(world.people["staff_other"]).get(rendition.url).status_code == 403


def test_upload_records_size_and_sha256_and_defaults_the_department(world, verified_client):
    user = world.people["staff_same"]
    content = "会议纪要\n".encode()
    response = verified_client(user).post(
        "/admin/documents/multiple/add/",
        {"title": "纪要", "files[]": SimpleUploadedFile("minutes.txt", content)},
    )
    assert response.status_code == 200, response.content[:500]
    document = RecordDocument.objects.get(title="纪要")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.file_size == len(content)
    assert document.department == user.department
    assert document.confidentiality == Level.INTERNAL


def test_make_document_fixture_sets_the_fixity(world):
    document = make_document("fixity", world.department, Level.PUBLIC)
    assert document.sha256 == hashlib.sha256(b"fixity\n").hexdigest()


def test_editing_a_document_needs_the_rule_as_well_as_wagtails_permission(world, verified_client):
    client = verified_client(world.people["archivist"])  # may change any document, reads up to internal
    assert client.get(f"/admin/documents/edit/{world.documents[Level.INTERNAL].pk}/").status_code == 200
    assert client.get(f"/admin/documents/edit/{world.documents[Level.SECRET].pk}/").status_code == 302
