"""The search box also finds uploaded files by the text inside them and
register rows by their content, each only for those the access rule lets
read it: a file is found by whoever may read it or the record it is attached
to; a register row by its readers (requirements X-1, P-4)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection

from home.factories import DocumentPageFactory, SectionPageFactory
from portal.access.levels import Level
from portal.access.models import RecordDocument
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.search.site import search_site
from portal.trail.models import Event
from tests.office_files import docx_with_text, pdf_with_text, xlsx_with_rows
from tests.testapp.access import allow_memos
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db

SEARCH = reverse("portal_search")

# The phrase searched for is in the file's text only: not in its title, not in the page.
TEXT = "专项审计发现应收账款核销不及时"
FILES = {
    "pdf": ("审计报告.pdf", pdf_with_text("内部审计报告", TEXT)),
    "docx": ("审计报告.docx", docx_with_text("内部审计报告", TEXT)),
    "xlsx": ("审计底稿.xlsx", xlsx_with_rows(["问题", "整改期限"], [TEXT, "三十日"])),
}


def hits(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        a.get_text(strip=True): {"href": a.get("href"), "meta": a.find_next("p", class_="meta").get_text()}
        for a in soup.select("a.search-hit__title")
    }


@pytest.fixture
def outsider(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="周芳")


def _upload(client, department, level, name, content):
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "附件一",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "department": department.pk,
            "confidentiality": level,
        },
    )
    assert response.status_code == 302
    return RecordDocument.objects.get(title="附件一")


@pytest.fixture(params=FILES)
def secret_report(request, home_page, department, department_head, outsider, verified_client):
    """A secret report of ``department`` naming ``outsider``, with a secret
    attachment uploaded by the head in the admin."""
    name, content = FILES[request.param]
    attached = _upload(verified_client(department_head), department, Level.SECRET, name, content)
    section = SectionPageFactory(parent=home_page, department=department, confidentiality=Level.PUBLIC)
    page = DocumentPageFactory(
        parent=section,
        title="年度审计报告",
        department=department,
        confidentiality=Level.SECRET,
        attachments=[{"type": "attachment", "value": {"document": attached.pk, "note": ""}}],
    )
    page.participants.add(outsider)
    page.save_revision().publish()
    return page, attached


def test_a_file_is_found_by_a_phrase_inside_it_by_its_readers_only(
    secret_report, department_head, outsider, staff, other_department, verified_client
):
    _page, attached = secret_report
    stranger = UserFactory(roles=[Role.STAFF], department=other_department)
    for reader in (department_head, outsider):  # the file's own level; the record naming them
        found = hits(verified_client(reader).get(SEARCH, {"q": "应收账款核销"}))
        assert found["附件一"]["href"] == attached.url
        assert "文档" in found["附件一"]["meta"] and "行政办公室" in found["附件一"]["meta"]
    for other in (staff, stranger):  # staff read internal records; the stranger nothing of these
        response = verified_client(other).get(SEARCH, {"q": "应收账款核销"})
        assert hits(response) == {}
        assert "附件一" not in response.content.decode() and "文档" not in response.content.decode()


def test_an_anonymous_visitor_finds_no_file(secret_report):
    response = Client().get(SEARCH, {"q": "应收账款核销"}, follow=True)
    assert "附件一" not in response.content.decode()
    assert search_site(AnonymousUser(), "应收账款核销").results.count() == 0, "nor would the search"


def test_the_phrase_is_searched_in_either_script(secret_report, department_head, verified_client):
    assert "附件一" in hits(verified_client(department_head).get(SEARCH, {"q": "應收賬款核銷"}))


def test_following_a_found_file_is_sealed_as_a_download_as_before(
    secret_report, outsider, staff, verified_client
):
    _page, attached = secret_report
    client = verified_client(outsider)
    url = hits(client.get(SEARCH, {"q": "应收账款核销"}))["附件一"]["href"]
    assert client.get(url).status_code == 200
    assert (
        Event.objects.filter(action="access.download", actor=outsider, target_id=str(attached.pk)).count()
        == 1
    )
    assert verified_client(staff).get(url).status_code == 403
    assert Event.objects.filter(action="access.refused", actor=staff, target_id=str(attached.pk)).count() == 1


def _document(title, department, level, name, content):
    document = RecordDocument(title=title, department=department, confidentiality=level)
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def test_a_file_of_ones_own_department_is_found_without_any_record(department, staff, verified_client):
    _document("采购合同", department, Level.INTERNAL, "合同.docx", docx_with_text("乙方应于三十日内交付设备"))
    client = verified_client(staff)
    assert list(hits(client.get(SEARCH, {"q": "交付设备"}))) == ["采购合同"]
    assert hits(client.get(SEARCH, {"q": "交付设备", "department": department.pk}))


# --- Register rows --------------------------------------------------------------


@pytest.fixture
def memos(department):
    allow_memos()
    return {
        level: Memo.objects.create(
            title=title,
            body="电话沟通：客户要求下月提供验收報告。",
            department=department,
            confidentiality=level,
        )
        for level, title in ((Level.INTERNAL, "客户回访记录"), (Level.SECRET, "重大合同谈判纪要"))
    }


def test_register_rows_are_found_by_their_readers_only(
    memos, staff, department_head, outsider, verified_client
):
    assert set(hits(verified_client(staff).get(SEARCH, {"q": "验收报告"}))) == {"客户回访记录"}
    assert set(hits(verified_client(department_head).get(SEARCH, {"q": "验收报告"}))) == {
        "客户回访记录",
        "重大合同谈判纪要",
    }
    response = verified_client(outsider).get(SEARCH, {"q": "验收报告"})
    assert hits(response) == {} and "memo" not in response.content.decode()
    assert "验收报告" not in Client().get(SEARCH, {"q": "验收报告"}, follow=True).content.decode()
    assert search_site(AnonymousUser(), "验收报告").results.count() == 0


def test_a_register_row_links_to_its_record_in_the_admin(memos, staff, verified_client):
    client = verified_client(staff)
    found = hits(client.get(SEARCH, {"q": "电话沟通"}))["客户回访记录"]
    assert found["href"] == f"/admin/memos/inspect/{memos[Level.INTERNAL].pk}/"
    assert "memo" in found["meta"] and "行政办公室" in found["meta"]
    assert client.get(found["href"]).status_code == 200


def test_facets_count_register_rows_and_narrow_to_them(
    memos, home_page, department, department_head, verified_client
):
    SectionPageFactory(
        parent=home_page, title="验收报告模板", department=department, confidentiality=Level.PUBLIC
    )
    client = verified_client(department_head)
    soup = BeautifulSoup(client.get(SEARCH, {"q": "验收报告"}).content, "html.parser")
    facets = {
        li.find("a").get_text(strip=True): (li.find("a")["href"], li.select_one(".meta").get_text(strip=True))
        for li in soup.select(".search-facet li")
    }
    assert facets["memo"][1] == "(2)" and facets["行政办公室"][1] == "(3)"
    assert set(hits(client.get(SEARCH + facets["memo"][0]))) == {"客户回访记录", "重大合同谈判纪要"}
    assert "验收报告模板" in hits(client.get(SEARCH + facets["栏目"][0]))
    assert len(hits(client.get(SEARCH + facets["栏目"][0]))) == 1


def test_results_page_across_pages_and_register_rows(home_page, department, staff, verified_client):
    allow_memos()
    folder = SectionPageFactory(
        parent=home_page, title="档案移交资料", department=department, confidentiality=Level.PUBLIC
    )
    DocumentPageFactory(
        parent=folder, title="档案移交清单", department=department, confidentiality=Level.PUBLIC
    )
    for n in range(21):
        Memo.objects.create(title=f"档案移交{n:02}", department=department, confidentiality=Level.INTERNAL)
    client = verified_client(staff)
    first = client.get(SEARCH, {"q": "档案移交"})
    second = client.get(SEARCH, {"q": "档案移交", "page": 2})
    assert "23" in BeautifulSoup(first.content, "html.parser").select_one(".search-summary .meta").get_text()
    assert next(iter(hits(first))) == "档案移交清单", "the record page comes first"
    assert list(hits(second))[-1] == "档案移交资料", "the section comes after every record"
    titles = [*hits(first), *hits(second)]
    assert len(titles) == 23 and len(set(titles)) == 23
    assert len(hits(second)) == 3


def test_newest_first_mixes_files_and_pages(home_page, department, staff, verified_client):
    page = SectionPageFactory(
        parent=home_page, title="设备验收规定", department=department, confidentiality=Level.PUBLIC
    )
    page.last_published_at = page.last_published_at.replace(year=2020)
    page.save()
    _document("设备验收单", department, Level.INTERNAL, "验收.xlsx", xlsx_with_rows(["设备验收合格"]))
    newest = hits(verified_client(staff).get(SEARCH, {"q": "设备验收", "order": "date"}))
    assert list(newest) == ["设备验收单", "设备验收规定"]
