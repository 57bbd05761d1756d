"""What a printout of a record carries in the places the official-document
format (GB/T 9704-2012) gives them: 份号, 密级★保密期限 and 紧急程度 at the
top left, the issuing department (发文机关标志) in red and the document
number (发文字号) under it, and the imprint (版记: 印发机关, 印发日期) at
the end.

Every printout takes its marking from :func:`marking` (views put it in the
context as ``marking``; templates use ``{% print_marking record as marking %}``)
and shows it with ``templates/print/includes/official_header.html`` and
``official_imprint.html``, which ``templates/print/base.html`` includes.

A record gives what it has: ``confidentiality`` and ``department`` (every
access-controlled record), ``confidentiality_term`` (pages), the number it
is cited by (``cited_number()`` or ``document_number``), and optionally
``urgency`` (a choice field), ``copy_number`` and ``issued_on``. A register
about another record (``access_record_path``, e.g. a circulation's page)
takes the term and urgency its record has."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .levels import Level

STAR = "★"
# The levels whose marking follows GB/T 9704 (密级★保密期限); an internal
# record carries the portal's own marking, the level alone; a public one none.
CLASSIFIED = (Level.SECRET, Level.CONFIDENTIAL)


@dataclass(frozen=True)
class Marking:
    level: int | None
    term: str = ""
    copy_number: str = ""
    urgency: str = ""
    department: object = None
    number_label: str = ""
    number: str = ""
    issued_on: date | None = None

    @property
    def classification(self):
        """``秘密★1年``, ``机密`` (no term given), ``内部``, or "" for a public record."""
        if self.level is None or self.level == Level.PUBLIC:
            return ""
        label = str(Level(self.level).label)
        if self.level in CLASSIFIED and self.term:
            return f"{label}{STAR}{self.term}"
        return label

    @property
    def issuer(self):
        return str(self.department) if self.department is not None else ""


def _about(record):
    """The record a register row is about (a circulation's page), or None."""
    path = getattr(record, "access_record_path", None)
    if not path:
        return None
    about = record
    for name in path.split("__"):
        about = getattr(about, name, None)
        if about is None:
            return None
    return about.specific if isinstance(about, Page) else about


def _first(records, read):
    for record in records:
        value = read(record)
        if value:
            return value
    return ""


def _urgency(record):
    if not getattr(record, "urgency", None):
        return ""
    display = getattr(record, "get_urgency_display", None)
    return str(display()) if display else str(record.urgency)


def _number(record):
    cited = getattr(record, "cited_number", None)
    if callable(cited):
        cited = cited()
        if cited:
            label, value = cited
            return str(label), value or ""
    return str(_("Document number")), getattr(record, "document_number", "") or ""


def _issued_on(record):
    value = getattr(record, "issued_on", None)
    if value is None and isinstance(record, Page):
        value = record.first_published_at  # a draft is not issued yet
    elif value is None:
        value = getattr(record, "created_at", None)
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return value


def marking(record):
    """The :class:`Marking` of ``record``, or None for anything that has no
    confidentiality level (a plain page)."""
    if record is None:
        return None
    if isinstance(record, Page):
        record = record.specific
    level = getattr(record, "confidentiality", None)
    if level is None:
        return None
    sources = [record, _about(record)]
    sources = [source for source in sources if source is not None]
    number_label, number = _number(record)
    return Marking(
        level=level,
        term=_first(sources, lambda r: getattr(r, "confidentiality_term", "")),
        copy_number=str(getattr(record, "copy_number", "") or ""),
        urgency=_first(sources, _urgency),
        department=getattr(record, "department", None),
        number_label=number_label,
        number=number,
        issued_on=_issued_on(record),
    )
