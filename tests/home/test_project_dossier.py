"""The project dossier (项目档案): one page with the initiation, approvals,
documents and trail events; a ZIP export (one export event) of what the
exporter may read, which the standalone verifier checks offline."""

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader
from wagtail import hooks

from home.factories import DocumentPageFactory, ProjectPageFactory, SectionPageFactory
from portal.access.levels import Level
from portal.access.models import RecordDocument
from portal.approvals import demo as approvals
from portal.approvals.models.tasks import APPROVE
from portal.approvals.setup import HEAD_THEN_LEADERSHIP
from portal.dossiers import DossierFile, DossierSection
from portal.trail import chain, signing
from portal.trail.models import Event

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _file(title, content, department, level=Level.INTERNAL, name="file.txt"):
    document = RecordDocument(title=title, department=department, confidentiality=level)
    document.file.save(name, ContentFile(content), save=False)
    document._set_file_hash()
    document.file_size = len(content)
    document.save()
    return document


def _attached(document):
    return [{"type": "attachment", "value": {"document": document.pk, "note": ""}}]


@pytest.fixture
def project(home_page, department, staff, department_head):
    section = SectionPageFactory(
        parent=home_page, title="项目", department=department, confidentiality=Level.INTERNAL
    )
    plan = _file("项目计划书", "项目计划：三个阶段。".encode(), department, name="plan.txt")
    project = ProjectPageFactory(
        parent=section,
        title="档案管理系统升级项目",
        slug="archive-upgrade",
        department=department,
        confidentiality=Level.INTERNAL,
        owner=staff,
        background="现有档案系统检索缓慢。",
        attachments=_attached(plan),
    )
    approvals.submit(project, staff, HEAD_THEN_LEADERSHIP)
    approvals.act(project, department_head, APPROVE, "同意立项。")
    report = _file("测试报告正文", b"%PDF-1.4 test report", department, name="test-report.pdf")
    DocumentPageFactory(
        parent=project,
        title="系统测试报告",
        slug="test-report",
        department=department,
        confidentiality=Level.INTERNAL,
        attachments=_attached(report),
    )
    secret = _file("涉密验收意见", b"secret acceptance", department, Level.SECRET, name="secret.txt")
    DocumentPageFactory(
        parent=project,
        title="涉密验收报告",
        slug="secret-acceptance",
        department=department,
        confidentiality=Level.SECRET,
        attachments=_attached(secret),
    )
    return project


@pytest.fixture
def public_key(tmp_path):
    path = tmp_path / "portal.key"
    path.write_text(chain.b64(signing.public_key_bytes()))
    return path


def verify(path, key):
    """The standalone verifier in a fresh interpreter, without Django."""
    code = (
        "import sys; from portal.trail import standalone; rc = standalone.main(sys.argv[1:]); "
        "assert 'django' not in sys.modules, 'the verifier imported Django'; sys.exit(rc)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "--dossier", str(path), "--public-key", str(key)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin"},
    )


def download(client, project, tmp_path):
    response = client.get(reverse("project_dossier_zip", args=[project.pk]))
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/zip"
    path = tmp_path / "dossier.zip"
    path.write_bytes(response.content)
    return path


def test_dossier_page_shows_initiation_approvals_documents_and_trail(project, archivist, verified_client):
    html = verified_client(archivist).get(reverse("project_dossier", args=[project.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert "现有档案系统检索缓慢。" in soup.select_one(".dossier-initiation").get_text()
    approvals_text = soup.select_one(".dossier-approvals").get_text()
    assert "同意立项。" in approvals_text
    documents = soup.select_one(".dossier-documents").get_text()
    assert "系统测试报告" in documents and "测试报告正文" in documents
    assert "涉密验收报告" not in html, "the archivist may not read the secret document"
    trail_rows = soup.select(".dossier-trail tbody tr")
    assert trail_rows and "档案管理系统升级项目" in soup.select_one(".dossier-trail").get_text()
    assert soup.select_one("a.dossier-export")["href"] == reverse("project_dossier_zip", args=[project.pk])


def test_project_page_and_editor_link_to_the_dossier(project, staff, verified_client):
    client = verified_client(staff)
    url = reverse("project_dossier", args=[project.pk])
    assert f'href="{url}"' in client.get(project.url).content.decode()
    assert f'href="{url}"' in client.get(f"/admin/pages/{project.pk}/edit/").content.decode()


def test_someone_who_may_not_read_the_project_gets_no_dossier(project, other_department, verified_client):
    from portal.accounts.factories import UserFactory
    from portal.accounts.roles import Role

    outsider = UserFactory(roles=[Role.STAFF], department=other_department)
    client = verified_client(outsider)
    assert client.get(reverse("project_dossier", args=[project.pk])).status_code in (403, 404)
    response = client.get(reverse("project_dossier_zip", args=[project.pk]))
    assert response.status_code in (403, 404)
    assert response.get("Content-Type") != "application/zip"


def test_the_downloaded_zip_verifies_offline(project, archivist, verified_client, tmp_path, public_key):
    path = download(verified_client(archivist), project, tmp_path)
    result = verify(path, public_key)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK ")
    # What an auditor is handed: standalone.py and chain.py, the ZIP and the key.
    kit = tmp_path / "kit"
    kit.mkdir()
    for name in ("standalone.py", "chain.py"):
        (kit / name).write_text((ROOT / "portal" / "trail" / name).read_text())
    command = [
        sys.executable,
        "-E",
        "-s",
        "standalone.py",
        "--dossier",
        str(path),
        "--public-key",
        str(public_key),
    ]
    copied = subprocess.run(command, cwd=kit, capture_output=True, text=True)
    assert copied.returncode == 0 and copied.stdout == result.stdout, copied.stdout + copied.stderr

    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        assert {entry["path"] for entry in manifest["files"]} == names - {"manifest.json"}
        for entry in manifest["files"]:
            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
        # Every page as a PDF, its Chinese text in it.
        project_pdf = PdfReader(io.BytesIO(archive.read(manifest["pages"][0]["pdf"])))
        text = "".join(page.extract_text() for page in project_pdf.pages)
        assert "档案管理系统升级项目" in text and "同意立项。" in text
        report = next(page for page in manifest["pages"] if page["title"] == "系统测试报告")
        assert "系统测试报告" in PdfReader(io.BytesIO(archive.read(report["pdf"]))).pages[0].extract_text()
        # Every document's attached file, as uploaded.
        assert archive.read(report["files"][0]) == b"%PDF-1.4 test report"
        assert "项目计划：三个阶段。".encode() in [
            archive.read(name) for name in manifest["pages"][0]["files"]
        ]
        # The proofs cover the project's events, and the key is the portal's.
        proofs = json.loads(archive.read("trail/proofs.json"))["proofs"]
        assert archive.read("public-key.txt").decode().strip() == public_key.read_text()
    bodies = [json.loads(proof["body"]) for proof in proofs]
    assert any(
        body["action"] == "approval.opinion" and body["target"]["id"] == str(project.pk) for body in bodies
    )

    export = Event.objects.get(action="export", target_id=str(project.pk))
    assert export.actor == archivist
    assert export.details["document"] == "project_dossier"


def test_a_tampered_file_fails_verification(project, archivist, verified_client, tmp_path, public_key):
    path = download(verified_client(archivist), project, tmp_path)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if data == b"%PDF-1.4 test report":
                changed = info.filename
                data = b"%PDF-1.4 fake report"
            target.writestr(info, data)
    result = verify(tampered, public_key)
    assert result.returncode == 1
    assert changed.startswith("files/")
    assert result.stdout.strip() == f"FAIL {changed}: the file differs from the manifest"


def test_a_forged_proof_or_another_key_fails_verification(
    project, archivist, verified_client, tmp_path, public_key
):
    path = download(verified_client(archivist), project, tmp_path)
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(forged, "w") as target:
        manifest = json.loads(source.read("manifest.json"))
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "trail/proofs.json":
                bundle = json.loads(data)
                bundle["proofs"][0]["body"] = bundle["proofs"][0]["body"].replace("档案", "文档")
                data = json.dumps(bundle).encode()
                # The manifest is rewritten to match: only the proof can catch it.
                entry = next(e for e in manifest["files"] if e["path"] == info.filename)
                entry.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
            if info.filename != "manifest.json":
                target.writestr(info, data)
        target.writestr("manifest.json", json.dumps(manifest))
    result = verify(forged, public_key)
    assert result.returncode == 1 and "trail/proofs.json" in result.stdout

    other = tmp_path / "other.key"
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    other.write_text(chain.b64(raw))
    result = verify(path, other)
    assert result.returncode == 1
    assert "public-key.txt: the dossier's public key is not the portal's" in result.stdout


def test_the_zip_holds_only_what_the_exporter_may_read(project, archivist, verified_client, tmp_path):
    path = download(verified_client(archivist), project, tmp_path)
    with zipfile.ZipFile(path) as archive:
        manifest_text = archive.read("manifest.json").decode()
        everything = b"".join(archive.read(name) for name in archive.namelist())
        names = archive.namelist()
    assert "涉密验收报告" not in manifest_text and "secret" not in manifest_text
    assert not [name for name in names if "secret" in name]
    assert b"secret acceptance" not in everything
    assert "涉密验收报告".encode() not in everything


def test_another_app_adds_a_section_through_the_hook(
    project, archivist, verified_client, tmp_path, public_key
):
    def plan(page, user):
        return DossierSection(
            order=30,
            title="项目计划",
            rows=[("需求分析", "已完成")],
            files=[DossierFile("plan/stages.csv", "阶段,状态\n".encode())],
        )

    client = verified_client(archivist)
    with hooks.register_temporarily("liuhen_project_dossier", plan):
        html = client.get(reverse("project_dossier", args=[project.pk])).content.decode()
        path = download(client, project, tmp_path)
    assert "项目计划" in html and "需求分析" in html
    with zipfile.ZipFile(path) as archive:
        assert archive.read("sections/plan/stages.csv") == "阶段,状态\n".encode()
    assert verify(path, public_key).returncode == 0


def test_a_reader_of_no_trail_exports_the_pages_without_proofs(
    project, staff, verified_client, tmp_path, public_key
):
    client = verified_client(staff)
    html = client.get(reverse("project_dossier", args=[project.pk])).content.decode()
    assert "系统测试报告" in html
    assert "dossier-trail" not in html, "staff do not read the trail"
    path = download(client, project, tmp_path)
    with zipfile.ZipFile(path) as archive:
        assert json.loads(archive.read("trail/proofs.json"))["proofs"] == []
    result = verify(path, public_key)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("files match the manifest; no trail events to prove")


def test_the_export_hook_refuses_the_zip(project, archivist, verified_client):
    client = verified_client(archivist)
    with hooks.register_temporarily("liuhen_may_export", lambda user: False):
        html = client.get(reverse("project_dossier", args=[project.pk])).content.decode()
        response = client.get(reverse("project_dossier_zip", args=[project.pk]))
    assert "dossier-export" not in html
    assert response.status_code == 403
    assert not Event.objects.filter(action="export", target_id=str(project.pk)).exists()
