"""Section listings filter and paginate in the database, under the access rule."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from home.factories import DocumentPageFactory, PolicyPageFactory, SectionPageFactory
from home.listing import PER_PAGE
from home.models import DocumentKind, PolicyPage, PolicyStatus
from home.models.policies import policy_status
from portal.access.levels import Level

pytestmark = pytest.mark.django_db


def rows(response):
    """The titles listed, in order."""
    return [row.page.title for row in response.context["children"]]


def published_in(page, year):
    moment = datetime.datetime(year, 6, 1, tzinfo=datetime.UTC)
    Page.objects.filter(pk=page.pk).update(first_published_at=moment)


@pytest.fixture
def hidden(section, other_department):
    """``hidden(**fields)``: a child of the section the staff member may not read."""

    def make(factory=DocumentPageFactory, **fields):
        return factory(parent=section, department=other_department, confidentiality=Level.SECRET, **fields)

    return make


def test_a_section_lists_its_children_page_by_page(section, staff, english_client, department, hidden):
    for number in range(PER_PAGE + 5):
        SectionPageFactory(
            parent=section, department=department, title=f"子栏目{number:02d}", slug=f"sub-{number}"
        )
        if number % 5 == 0:
            hidden(title=f"保密文件{number}", slug=f"secret-{number}")
    client = english_client(staff)

    first = client.get(section.url)
    assert rows(first) == [f"子栏目{n:02d}" for n in range(PER_PAGE)]
    html = first.content.decode()
    assert f"{PER_PAGE + 5} records" in html and "Page 1 of 2" in html, "the count is of readable children"
    second = client.get(section.url, {"page": 2})
    assert rows(second) == [f"子栏目{n:02d}" for n in range(PER_PAGE, PER_PAGE + 5)]
    assert "保密文件" not in first.content.decode() + second.content.decode()

    past_the_end = client.get(section.url, {"page": 99})
    assert past_the_end.status_code == 200 and rows(past_the_end) == rows(second)
    assert rows(client.get(section.url, {"page": "x"})) == rows(first)


def test_filters_narrow_the_listing_and_are_kept_across_pages(section, staff, english_client, department):
    for number in range(PER_PAGE + 2):
        PolicyPageFactory(
            parent=section, department=department, title=f"制度{number:02d}", slug=f"p-{number}"
        )
    contract = DocumentPageFactory(parent=section, department=department, kind=DocumentKind.CONTRACT)
    DocumentPageFactory(parent=section, department=department, kind=DocumentKind.REPORT, title="年度报告")
    published_in(contract, 2024)
    client = english_client(staff)

    policies = client.get(section.url, {"type": "policypage"})
    assert len(rows(policies)) == PER_PAGE and "Page 1 of 2" in policies.content.decode()
    assert "?type=policypage&amp;page=2" in policies.content.decode(), "the next page keeps the filter"
    rest = client.get(section.url, {"type": "policypage", "page": 2})
    assert rows(rest) == ["制度20", "制度21"]

    assert rows(client.get(section.url, {"kind": "contract"})) == [contract.title]
    assert rows(client.get(section.url, {"year": "2024"})) == [contract.title]
    assert rows(client.get(section.url, {"year": "2024", "type": "policypage"})) == []
    unknown = client.get(section.url, {"kind": "nonsense", "year": "99999", "type": "user"})
    assert len(rows(unknown)) == PER_PAGE, "unknown values are ignored"


def test_filter_menus_offer_only_what_the_reader_may_see(section, staff, english_client, department, hidden):
    PolicyPageFactory(parent=section, department=department, title="考勤制度")
    secret = hidden(kind=DocumentKind.CONTRACT, title="保密合同")
    published_in(secret, 2019)
    response = english_client(staff).get(section.url)
    menus = {menu.name: dict(menu.options) for menu in response.context["listing"].menus}
    assert set(menus["type"]) == {"policypage"}, "no menu names a type only hidden records have"
    assert "2019" not in menus["year"]
    assert "kind" not in menus and menus["status"]["in_force"] == "In force"

    filtered = english_client(staff).get(section.url, {"year": "2019"})
    assert rows(filtered) == [] and "0 records" in filtered.content.decode()


def test_status_filter_follows_each_policys_status(section, staff, english_client, department):
    today = timezone.localdate()
    old = PolicyPageFactory(parent=section, department=department, title="旧制度")
    PolicyPageFactory(parent=section, department=department, title="新制度", supersedes=old)
    PolicyPageFactory(parent=section, department=department, title="废止制度", repealed=True)
    PolicyPageFactory(
        parent=section,
        department=department,
        title="待生效制度",
        effective_date=today + datetime.timedelta(days=3),
    )
    client = english_client(staff)

    def listed(status):
        response = client.get(section.url, {"status": status})
        return {row.page.title: row.status for row in response.context["children"]}

    assert listed("in_force") == {"新制度": "In force"}
    assert listed("superseded") == {"旧制度": "Superseded"}
    assert listed("repealed") == {"废止制度": "Repealed"}
    assert listed("pending") == {"待生效制度": "Issued, not yet in force"}
    shown = PolicyPage.objects.live().annotate(shown=policy_status()).order_by("pk")
    assert [p.shown for p in shown] == [p.status.value for p in shown], "the listing agrees with the page"
    menus = {menu.name: dict(menu.options) for menu in client.get(section.url).context["listing"].menus}
    assert PolicyStatus.DRAFT.value not in menus["status"] and PolicyStatus.IN_FORCE.value in menus["status"]


def test_a_listing_takes_the_same_queries_for_5_and_50_children(
    section, staff, english_client, department, hidden
):
    old = PolicyPageFactory(parent=section, department=department)
    PolicyPageFactory(parent=section, department=department, supersedes=old)
    DocumentPageFactory(parent=section, department=department)
    SectionPageFactory(parent=section, department=department)
    hidden()
    client = english_client(staff)
    client.get(section.url)  # the session, site and content types as in use

    def queries_of_one_page(shown):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(section.url, {"status": "", "page": 1})
        assert len(rows(response)) == shown
        return [q["sql"] for q in queries.captured_queries]

    five = queries_of_one_page(shown=4)
    for number in range(45):
        factory = (SectionPageFactory, DocumentPageFactory, PolicyPageFactory)[number % 3]
        factory(parent=section, department=department)
    fifty = queries_of_one_page(shown=PER_PAGE)
    assert len(fifty) == len(five), "\n".join(fifty)


def test_the_policy_library_pages_through_what_the_reader_may_see(
    home_page, section, staff, english_client, department, other_department
):
    from home.factories import PolicyLibraryPageFactory

    library = PolicyLibraryPageFactory(parent=home_page, slug="library", department=department)
    for number in range(PER_PAGE + 3):
        PolicyPageFactory(
            parent=section,
            department=department,
            title=f"制度{number:02d}",
            slug=f"p-{number}",
            number=f"ZD-{number:02d}",
        )
    PolicyPageFactory(
        parent=section, department=other_department, confidentiality=Level.SECRET, title="保密制度", slug="s"
    )
    client = english_client(staff)

    def titles(response):
        return [row.page.title for row in response.context["policies"]]

    first = client.get(library.url)
    assert titles(first) == [f"制度{n:02d}" for n in range(PER_PAGE)]
    assert f"{PER_PAGE + 3} records" in first.content.decode() and "Page 1 of 2" in first.content.decode()
    second = client.get(library.url, {"status": "in_force", "page": 2})
    assert titles(second) == [f"制度{n:02d}" for n in range(PER_PAGE, PER_PAGE + 3)]
    assert "?status=in_force&amp;page=1" in second.content.decode(), "the previous page keeps the filter"
    departments = dict(first.context["listing"].menus[0].options)
    assert departments == {str(department.pk): department.name}, "no menu names a department never shown"
    assert client.get(library.url, {"page": 1000}).status_code == 200


def test_the_listing_imports_no_page_model():
    """``home.models`` uses ``home.listing``; the listing, lazily or not, never uses them back."""
    import ast
    from pathlib import Path

    import home.listing

    tree = ast.parse(Path(home.listing.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    imported |= {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert imported and not any(name == "models" or name.startswith(("home", "models")) for name in imported)
