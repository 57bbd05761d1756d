"""A project's dossier (项目档案): the project and every page below it
(its documents: reports, records, acceptance, summary…) with their approval
opinions and trail events, and the sections other apps add through the
``liuhen_project_dossier`` hook (:mod:`portal.dossiers`).

Exported as a ZIP — one trail event — holding what the exporter may read:
each page as a PDF rendered here (reportlab, its built-in CID font
``STSong-Light``: Chinese without a font file), each attached file, the
sections' files, the inclusion proofs of the events shown
(``trail/proofs.json``), the portal's public key (``public-key.txt``) and
``manifest.json`` naming every other file with its size and SHA-256.
``python -m portal.trail.standalone --dossier dossier.zip --public-key KEY``
checks it offline (``docs/trail.md``)."""

import hashlib
import io
import json
import os
import posixpath
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import FileField, ForeignKey, ManyToManyField
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from portal import formatting, trail
from portal.access import rules
from portal.access.rules import Action
from portal.approvals import sheet
from portal.dossiers import dossier_sections
from portal.trail import masking, standalone
from portal.trail.links import can_view_trail
from portal.trail.proofs import events_about, proof_bundle
from portal.trail.spreadsheets import may_export

FORMAT = "liuhen-dossier/v1"
CJK_FONT = "STSong-Light"
EVENTS_SHOWN = 200
# The page's own fields a reader has no use for in a dossier.
SKIPPED_FIELDS = {"page_ptr", "attachments"}


@dataclass
class DossierPage:
    page: Page
    runs: list  # the approval sheet's workflow runs, with opinions
    files: list  # the attached documents the reader may open

    @property
    def state(self):
        return self.page.status_string

    @property
    def type_label(self):
        return self.page._meta.verbose_name


@dataclass
class Dossier:
    project: Page
    pages: list  # [DossierPage]: the project first, then its descendants in tree order
    events: list | None  # the trail events shown (masked where need be); None: not a trail reader
    sections: list = field(default_factory=list)

    @property
    def documents(self):
        return self.pages[1:]

    @property
    def approvals(self):
        return [item for item in self.pages if item.runs]


def _pages(project, user, action):
    pages = [project]
    for page in project.get_descendants().specific().order_by("path"):
        # A draft never published is shown only to those who may edit it (as the page itself).
        if rules.can(user, action, page) and (page.live or page.permissions_for_user(user).can_edit()):
            pages.append(page)
    return [
        DossierPage(
            page=page,
            runs=sheet.runs(page),
            files=[f for f in page.attachment_files() if rules.can(user, Action.DOWNLOAD, f)]
            if hasattr(page, "attachment_files")
            else [],
        )
        for page in pages
    ]


def gather(project, user, action=Action.VIEW, events_limit=EVENTS_SHOWN):
    """What ``user`` may read of ``project``'s dossier (``action``: VIEW to
    show it, EXPORT to export it); the newest ``events_limit`` events (None:
    all of them)."""
    if not rules.can(user, action, project):
        raise PermissionDenied
    pages = _pages(project, user, action)
    events = None
    if can_view_trail(user):
        events = events_about([item.page for item in pages])
        events = masking.apply(user, events if events_limit is None else events[:events_limit])
    return Dossier(project=project, pages=pages, events=events, sections=dossier_sections(project, user))


# --- PDF ------------------------------------------------------------------------


def _text(value):
    """A field's value as the PDF shows it (plain text)."""
    return str(formatting.shown(value))


def page_fields(page):
    """``[(label, text)]`` of the page type's own fields (not Wagtail's)."""
    rows = []
    base = {f.name for f in Page._meta.get_fields()}
    for model_field in page._meta.get_fields():
        if model_field.name in base or model_field.name in SKIPPED_FIELDS or not model_field.concrete:
            continue
        name, label = model_field.name, str(model_field.verbose_name)
        if isinstance(model_field, ManyToManyField):
            value = "、".join(str(item) for item in getattr(page, name).all()) or formatting.EMPTY
        elif model_field.choices:
            value = _text(getattr(page, f"get_{name}_display")() if getattr(page, name) is not None else None)
        elif isinstance(model_field, ForeignKey):
            value = _text(getattr(page, name))
        elif isinstance(model_field, RichTextField | StreamField):
            value = strip_tags(str(getattr(page, name))).strip() or formatting.EMPTY
        elif isinstance(model_field, FileField):
            value = os.path.basename(getattr(page, name).name or "") or formatting.EMPTY
        else:
            value = _text(getattr(page, name))
        rows.append((label, value))
    return rows


def child_rows(page):
    """``[(heading, [row text])]`` of the page's inline rows (milestones, team…)."""
    groups = []
    for relation in get_all_child_relations(page):
        if relation.name.startswith("wagtail"):
            continue
        model = relation.related_model
        fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name not in {"sort_order"} and not isinstance(f, type(relation.field))
        ]
        rows = []
        for row in getattr(page, relation.get_accessor_name()).all():
            rows.append(
                "；".join(
                    f"{f.verbose_name}：{_text(getattr(row, f.name))}"
                    for f in fields
                    if getattr(row, f.name) not in (None, "")
                )
            )
        if rows:
            groups.append((str(model._meta.verbose_name_plural), rows))
    return groups


def _styles():
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    sample = getSampleStyleSheet()

    def style(name, parent, **kwargs):
        return ParagraphStyle(name, parent=sample[parent], fontName=CJK_FONT, wordWrap="CJK", **kwargs)

    return {
        "title": style("dossier-title", "Title", fontSize=18, leading=24),
        "heading": style("dossier-heading", "Heading2", fontSize=13, leading=18),
        "body": style("dossier-body", "BodyText", fontSize=10.5, leading=16),
        "meta": style("dossier-meta", "BodyText", fontSize=9, leading=13),
    }


def _paragraph(text, style):
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def page_pdf(item):
    """The page of ``item`` (a :class:`DossierPage`) as an A4 PDF: its title,
    type, department and level, fields, inline rows, attached files and the
    opinions of its approval sheet."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    styles = _styles()
    page = item.page
    story = [
        _paragraph(page.title, styles["title"]),
        _paragraph(
            f"{formatting.colon(_('Record type'))}{item.type_label}　"
            f"{formatting.colon(_('State'))}{item.state}",
            styles["meta"],
        ),
        Spacer(1, 4 * mm),
    ]
    rows = [
        [_paragraph(label, styles["body"]), _paragraph(value, styles["body"])]
        for label, value in page_fields(page)
    ]
    if rows:
        table = Table(rows, colWidths=[40 * mm, 125 * mm])
        table.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#999999"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        story.append(table)
    for heading, lines in child_rows(page):
        story.append(_paragraph(heading, styles["heading"]))
        story.extend(_paragraph(line, styles["body"]) for line in lines)
    if item.files:
        story.append(_paragraph(_("Attachments"), styles["heading"]))
        story.extend(
            _paragraph(
                f"{document.title}（{document.file_size} B，SHA-256 {document.sha256}）", styles["meta"]
            )
            for document in item.files
        )
    if item.runs:
        story.append(_paragraph(_("Approval sheet"), styles["heading"]))
        for run in item.runs:
            story.append(
                _paragraph(f"{run.workflow_state.workflow.name}（{run.status_label}）", styles["body"])
            )
            for opinion in run.opinions:
                line = (
                    f"{opinion.task_name}　{opinion.approver_name}　{opinion.get_opinion_display()}　"
                    f"{formatting.datetime_text(opinion.created_at)}"
                )
                story.append(_paragraph(line + (f"\n{opinion.text}" if opinion.text else ""), styles["meta"]))
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        title=page.title,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        invariant=True,
    )
    document.build(story)
    return output.getvalue()


# --- ZIP ------------------------------------------------------------------------


def _unique(path, taken):
    stem, ext = os.path.splitext(path)
    candidate, number = path, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}{ext}"
    taken.add(candidate)
    return candidate


def build_zip(dossier, user):
    """The dossier as ZIP bytes and its manifest (a dict)."""
    files = []  # [(path, bytes)]
    taken = set()
    pages = []
    for index, item in enumerate(dossier.pages, start=1):
        folder = f"{index:02d}-{item.page.slug}"
        pdf = _unique(f"pages/{folder}.pdf", taken)
        files.append((pdf, page_pdf(item)))
        attached = []
        for document in item.files:
            with document.file.open("rb") as handle:
                content = handle.read()
            path = _unique(f"files/{folder}/{os.path.basename(document.file.name)}", taken)
            files.append((path, content))
            attached.append(path)
        pages.append(
            {
                "id": item.page.pk,
                "title": item.page.title,
                "type": str(item.type_label),
                "state": str(item.state),
                "pdf": pdf,
                "files": attached,
            }
        )
    for section in dossier.sections:
        for dossier_file in section.files:
            path = posixpath.normpath("/" + dossier_file.path).lstrip("/")  # never outside sections/
            files.append((_unique(f"sections/{path}", taken), dossier_file.content))
    shown = [event for event in dossier.events or [] if event.mask is None]
    bundle = proof_bundle(shown)
    files.append((standalone.DOSSIER_PROOFS, json.dumps(bundle, ensure_ascii=False, indent=1).encode()))
    files.append((standalone.DOSSIER_PUBLIC_KEY, (bundle["public_key"] + "\n").encode()))
    manifest = {
        "format": FORMAT,
        "project": {"id": dossier.project.pk, "title": dossier.project.title},
        "exported_at": timezone.localtime().isoformat(),
        "exported_by": user.get_username(),
        "key_id": bundle["key_id"],
        "pages": pages,
        "events": [proof["seq"] for proof in bundle["proofs"]],
        "files": [
            {"path": path, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for path, content in files
        ],
    }
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(standalone.DOSSIER_MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for path, content in files:
            archive.writestr(path, content)
    return output.getvalue(), manifest


def may_export_dossier(user, project):
    return may_export(user) and rules.can(user, Action.EXPORT, project)


def export(project, request):
    """The ZIP of what the requesting user may export of ``project``'s
    dossier; one trail event (``export``)."""
    user = request.user
    if not may_export_dossier(user, project):  # e.g. an external auditor without leave to export
        raise PermissionDenied
    dossier = gather(project, user, Action.EXPORT, events_limit=None)
    content, manifest = build_zip(dossier, user)
    trail.record(
        "export",
        request=request,
        target=project,
        details={
            "document": "project_dossier",
            "format": "zip",
            "pages": [page["id"] for page in manifest["pages"]],
            "files": len(manifest["files"]),
            "events": len(manifest["events"]),
            "sha256": hashlib.sha256(content).hexdigest(),
        },
    )
    return content
