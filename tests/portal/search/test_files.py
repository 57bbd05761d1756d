"""Uploaded documents are indexed by their segmented title and text: the
admin's document chooser finds a file by a phrase it contains, in either
script, and lists only the files the reader may open."""

import pytest
from django.core.files.base import ContentFile

from portal.access.levels import Level
from portal.access.models import RecordDocument
from tests.office_files import docx_with_text, pdf_with_text

pytestmark = pytest.mark.django_db


def _document(title, department, level, name, content):
    document = RecordDocument(title=title, department=department, confidentiality=level)
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.fixture
def documents(department):
    return [
        _document(
            "设备采购合同", department, Level.INTERNAL, "合同.pdf", pdf_with_text("乙方应于三十日内交付设备")
        ),
        _document(
            "薪酬调整方案", department, Level.SECRET, "薪酬.docx", docx_with_text("乙方应于三十日内交付设备")
        ),
    ]


CHOOSER = "/admin/documents/chooser/results/"


@pytest.mark.parametrize("query", ["交付设备", "交付設備", "采购合同", "採購"])
def test_the_chooser_finds_a_file_by_its_text_or_title(documents, staff, verified_client, query):
    assert "设备采购合同" in verified_client(staff).get(CHOOSER, {"q": query}).content.decode()


def test_the_chooser_lists_only_readable_files(documents, staff, department_head, verified_client):
    found = verified_client(staff).get(CHOOSER, {"q": "交付设备"}).content.decode()
    assert "设备采购合同" in found and "薪酬调整方案" not in found
    found = verified_client(department_head).get(CHOOSER, {"q": "交付设备"}).content.decode()
    assert "设备采购合同" in found and "薪酬调整方案" in found


def test_words_of_the_text_apart_are_not_a_phrase(documents, staff, verified_client):
    found = verified_client(staff).get(CHOOSER, {"q": "乙方交付"}).content.decode()
    assert "设备采购合同" not in found
