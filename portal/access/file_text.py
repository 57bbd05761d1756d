"""The text of an uploaded file, read once at upload so that search can find
a file by what it says (PDF, Word DOCX, Excel XLSX).

A file that cannot be read — damaged, encrypted, not what its name says —
has no text: the upload goes on, and the failure is logged. Whatever a file
holds, no more than :data:`MAX_CHARACTERS` of its text are kept, and no
more than :data:`MAX_XML_BYTES` of a DOCX's document, nor a workbook that
unpacks to more than :data:`MAX_UNPACKED_BYTES`, are decompressed, so a
crafted file cannot fill the database or the memory of the server."""

import logging
import zipfile
from itertools import islice
from pathlib import PurePath

import openpyxl
from defusedxml import ElementTree
from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_CHARACTERS = 200_000
MAX_PAGES = 500
MAX_XML_BYTES = 20 * 1024 * 1024
MAX_CELLS = 200_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Collected:
    """Pieces of text up to :data:`MAX_CHARACTERS` in all."""

    def __init__(self):
        self.pieces, self.size = [], 0

    @property
    def full(self):
        return self.size >= MAX_CHARACTERS

    def add(self, text):
        # PostgreSQL stores no NUL character, and no database a lone surrogate.
        text = (text or "").replace("\x00", "").encode("utf-8", "ignore").decode().strip()
        if text and not self.full:
            text = text[: MAX_CHARACTERS - self.size]
            self.pieces.append(text)
            self.size += len(text) + 1

    def text(self):
        return "\n".join(self.pieces)[:MAX_CHARACTERS]


def _pdf(file, collected):
    reader = PdfReader(file)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted PDF")
    for page in islice(reader.pages, MAX_PAGES):
        collected.add(page.extract_text())
        if collected.full:
            return


def _docx(file, collected):
    with zipfile.ZipFile(file) as archive, archive.open("word/document.xml") as member:
        xml = member.read(MAX_XML_BYTES + 1)
    if len(xml) > MAX_XML_BYTES:
        raise ValueError("document.xml too large")
    for paragraph in ElementTree.fromstring(xml).iter(f"{WORD}p"):
        collected.add("".join(run.text or "" for run in paragraph.iter(f"{WORD}t")))
        if collected.full:
            return


def _xlsx(file, collected):
    # openpyxl reads a workbook's shared strings whole: its size is checked first
    # (a zip member never unpacks to more than the size it declares).
    with zipfile.ZipFile(file) as archive:
        if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ValueError("workbook too large")
    file.seek(0)
    workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    try:
        cells = 0
        for sheet in workbook.worksheets:
            collected.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                collected.add(" ".join(str(value) for value in row if value is not None))
                if collected.full or cells > MAX_CELLS:
                    return
    finally:
        workbook.close()


READERS = {".pdf": _pdf, ".docx": _docx, ".xlsx": _xlsx}


def extract_text(file, name):
    """The text of ``file`` (an open binary file), by the type its ``name``
    says; empty for other types and for a file that cannot be read."""
    reader = READERS.get(PurePath(name or "").suffix.lower())
    if reader is None:
        return ""
    collected = Collected()
    try:
        reader(file, collected)
    except Exception:  # any damaged file: no text, and the upload goes on
        logger.warning("No text extracted from %s", name, exc_info=True)
        return ""
    return collected.text()
