"""Admin views that Wagtail builds without the access rule, narrowed: the
explorer of a page, bulk actions, the page types report, the file API, the
reports' exports, and the refusal page itself."""

import pytest
from wagtail.models import Page

from portal.access.levels import Level
from portal.trail.models import Event

from .conftest import in_english

pytestmark = pytest.mark.django_db


def test_the_explorer_of_a_page_one_may_not_list_is_refused_without_its_title(world, verified_client):
    client = verified_client(in_english(world.people["staff_other"]))
    for level in (Level.INTERNAL, Level.SECRET):
        page = world.pages[level]
        response = client.get(f"/admin/pages/{page.pk}/")
        assert response.status_code == 403
        assert page.title not in response.content.decode()
        assert "title not shown" in response.content.decode()
    assert client.get(f"/admin/pages/{world.pages[Level.CONFIDENTIAL].pk}/").status_code == 404
    assert Event.objects.filter(action="access.refused", target_id=str(world.pages[Level.SECRET].pk)).exists()
    assert client.get(f"/admin/pages/{world.section.pk}/").status_code == 200


def test_a_bulk_confirmation_lists_only_what_the_visitor_may_list(world, verified_client):
    client = verified_client(world.people["visitor"])  # visit: department A up to internal
    ids = "&".join(f"id={page.pk}" for page in world.pages.values())
    for action in ("delete", "move", "publish", "unpublish"):
        html = client.get(f"/admin/bulk/wagtailcore/page/{action}/?{ids}").content.decode()
        assert world.pages[Level.SECRET].title not in html
        assert world.pages[Level.CONFIDENTIAL].title not in html
    only_hidden = f"id={world.pages[Level.CONFIDENTIAL].pk}"
    assert client.get(f"/admin/bulk/wagtailcore/page/delete/?{only_hidden}").status_code == 404


def test_the_page_types_report_counts_only_readable_pages(world, verified_client):
    response = verified_client(world.people["staff_other"]).get("/admin/reports/page-types-usage/")
    html = response.content.decode()
    assert response.status_code == 200
    for level in (Level.INTERNAL, Level.SECRET, Level.CONFIDENTIAL):
        assert world.pages[level].title not in html
    readable = Page.objects.type(type(world.section)).filter(access__confidentiality=Level.PUBLIC).count()
    row = response.context["object_list"]
    section_type = next(item for item in row if item.model == "sectionpage")
    assert section_type.count == readable


def test_the_file_api_lists_only_readable_files(world, verified_client):
    client = verified_client(world.people["staff_other"])
    listed = client.get("/admin/api/main/documents/").json()["items"]
    assert [item["title"] for item in listed] == [world.documents[Level.PUBLIC].title]
    assert client.get(f"/admin/api/main/documents/{world.documents[Level.SECRET].pk}/").status_code == 404


@pytest.mark.parametrize("spreadsheet_format", ["csv", "xlsx"])
def test_a_report_export_is_an_export_event(world, verified_client, spreadsheet_format):
    user = world.people["head_same"]
    response = verified_client(user).get("/admin/reports/aging-pages/", {"export": spreadsheet_format})
    assert response.status_code == 200
    event = Event.objects.get(action="export", actor=user)
    assert event.details["format"] == spreadsheet_format
    assert event.details["path"] == "/admin/reports/aging-pages/"


def test_the_error_test_view_is_switched_off(world, verified_client):
    assert verified_client(world.people["it"]).get("/admin/failwhale/").status_code == 404


def test_an_external_visitors_refusal_names_nothing(world, verified_client):
    client = verified_client(world.people["visitor"])
    page = world.pages[Level.SECRET]
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 403
    assert page.title not in html and world.department.name not in html
