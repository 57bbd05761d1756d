"""The text of an uploaded PDF, DOCX or XLSX file is read at upload and kept
with the file; a damaged, encrypted or oversized file is uploaded all the
same, without text, and the failure is logged."""

import io
import logging
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader
from wagtail.models import Collection

from portal.access import file_text
from portal.access.file_text import extract_text
from portal.access.levels import Level
from portal.access.models import RecordDocument
from tests.office_files import docx_with_text, encrypted, pdf_with_text, xlsx_with_rows

LOGGER = "portal.access.file_text"

FILES = {
    "预算报告.pdf": pdf_with_text("关于年度预算执行情况的报告", "经办人：张伟 ISO9001"),
    "会议纪要.docx": docx_with_text("关于年度预算执行情况的报告", "经办人：张伟 ISO9001"),
    "预算表.xlsx": xlsx_with_rows(["关于年度预算执行情况的报告"], ["经办人：张伟", "ISO9001"]),
}


def test_the_pdf_made_here_is_a_well_formed_pdf():
    reader = PdfReader(io.BytesIO(FILES["预算报告.pdf"]), strict=True)
    assert len(reader.pages) == 1


@pytest.mark.parametrize("name", FILES)
def test_the_text_of_each_kind_of_file_is_read(name, caplog):
    text = extract_text(io.BytesIO(FILES[name]), name)
    assert "关于年度预算执行情况的报告" in text
    assert "张伟" in text and "ISO9001" in text
    assert not caplog.records


def test_a_sheets_name_is_part_of_its_text():
    workbook = xlsx_with_rows(["项目", "金额"], ["办公设备采购", 12000], title="三季度预算")
    assert extract_text(io.BytesIO(workbook), "预算.xlsx").split("\n") == [
        "三季度预算",
        "项目 金额",
        "办公设备采购 12000",
    ]


def _zip(**members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("损坏.pdf", b"%PDF-1.4 this is not a PDF"),
        ("加密.pdf", encrypted(FILES["预算报告.pdf"])),
        ("损坏.docx", b"PK\x03\x04 not a zip"),
        ("缺正文.docx", _zip(word__styles="<styles/>")),
        ("坏标记.docx", _zip(word__document="<w:document><w:p>未闭合")),
        ("损坏.xlsx", b"not a workbook"),
    ],
)
def test_a_file_that_cannot_be_read_has_no_text_and_is_logged(name, content, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert extract_text(io.BytesIO(content), name) == ""
    logged = [record.getMessage() for record in caplog.records if record.name == LOGGER]
    assert logged == [f"No text extracted from {name}"]


def test_other_types_have_no_text_and_nothing_is_logged(caplog):
    assert extract_text(io.BytesIO("会议纪要".encode()), "纪要.txt") == ""
    assert extract_text(io.BytesIO(FILES["预算报告.pdf"]), "扫描件.jpg") == ""
    assert not caplog.records


def test_no_more_text_is_kept_than_the_limit(monkeypatch):
    monkeypatch.setattr(file_text, "MAX_CHARACTERS", 30)
    paragraphs = [f"第{n}条 记录应当完整及时" for n in range(100)]
    for name, content in {
        "长.docx": docx_with_text(*paragraphs),
        "长.xlsx": xlsx_with_rows(*([p] for p in paragraphs)),
        "长.pdf": pdf_with_text(*paragraphs[:20]),
    }.items():
        text = extract_text(io.BytesIO(content), name)
        assert "第0条 记录应当完整及时" in text and len(text) == 30, name


def test_a_document_that_would_unpack_to_too_much_is_not_read(monkeypatch, caplog):
    # A compressed DOCX of a few kilobytes can unpack to gigabytes.
    monkeypatch.setattr(file_text, "MAX_XML_BYTES", 10_000)
    bomb = docx_with_text("记录" * 20_000)
    assert len(bomb) < 10_000
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert extract_text(io.BytesIO(bomb), "大.docx") == ""
    assert "No text extracted from 大.docx" in caplog.text


def test_a_workbook_that_would_unpack_to_too_much_is_not_read(monkeypatch, caplog):
    monkeypatch.setattr(file_text, "MAX_UNPACKED_BYTES", 50_000)
    workbook = xlsx_with_rows(*(["记录应当完整及时" * 10] for _ in range(200)))
    assert len(workbook) < 50_000
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert extract_text(io.BytesIO(workbook), "大.xlsx") == ""
    assert "No text extracted from 大.xlsx" in caplog.text


# --- At upload ------------------------------------------------------------------


def _upload(client, department, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "department": department.pk,
            "confidentiality": Level.INTERNAL,
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILES)
def test_an_upload_keeps_the_files_text(name, staff, department, verified_client):
    response = _upload(verified_client(staff), department, name, FILES[name])
    assert response.status_code == 302
    assert "关于年度预算执行情况的报告" in RecordDocument.objects.get(title=name).text


@pytest.mark.django_db
def test_a_damaged_file_is_uploaded_without_text(staff, department, verified_client, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = _upload(verified_client(staff), department, "扫描件.pdf", b"%PDF-1.4 damaged")
    assert response.status_code == 302
    document = RecordDocument.objects.get(title="扫描件.pdf")
    assert document.text == "" and document.file_size == len(b"%PDF-1.4 damaged")
    assert "No text extracted from" in caplog.text


@pytest.mark.django_db
def test_the_multiple_upload_keeps_the_text_too(staff, verified_client):
    response = verified_client(staff).post(
        "/admin/documents/multiple/add/",
        {"title": "纪要", "files[]": SimpleUploadedFile("纪要.docx", FILES["会议纪要.docx"])},
    )
    assert response.status_code == 200, response.content[:500]
    assert "张伟" in RecordDocument.objects.get().text


@pytest.mark.django_db
def test_replacing_the_file_replaces_the_text(staff, department, verified_client):
    client = verified_client(staff)
    _upload(client, department, "预算报告.pdf", FILES["预算报告.pdf"])
    document = RecordDocument.objects.get()
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": document.title,
            "file": SimpleUploadedFile("修订.docx", docx_with_text("修订后的采购合同")),
            "collection": document.collection_id,
            "department": department.pk,
            "confidentiality": Level.INTERNAL,
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.text == "修订后的采购合同"
