"""Every path to a page, for every kind of person and every level: serving,
printing, the section listing and navigation, front-end and admin search, the
admin explorer, chooser and API, and the editor."""

import json
import re

import pytest
from wagtail.models import Page

from portal.access.levels import Level
from portal.trail.models import Event

from .conftest import EDITS, LEVELS, READS, SUBJECTS, expected

pytestmark = pytest.mark.django_db


def refused_status(level):
    return 404 if level == Level.CONFIDENTIAL else 403


def titles_in(html, world):
    """The levels whose page title appears as a link or cell text."""
    return {
        level for level, page in world.pages.items() if re.search(rf">\s*{re.escape(page.title)}\s*<", html)
    }


def readable_levels(subject):
    return {level for level in LEVELS if expected(READS, subject, level)}


@pytest.mark.parametrize("subject", SUBJECTS)
def test_serving_and_printing_pages(world, subject, verified_client):
    client = verified_client(world.people[subject])
    for level, page in world.pages.items():
        views = Event.objects.filter(action="access.view", target_id=str(page.pk)).count()
        response = client.get(page.url)
        printed = client.get(page.url + "?print=1")
        if expected(READS, subject, level):
            assert response.status_code == 200, level
            assert printed.status_code == 200
            assert f"Contents of {page.title}" in response.content.decode()
            assert 'media="all"' in printed.content.decode(), "the print version uses the paper layout"
            recorded = Event.objects.filter(action="access.view", target_id=str(page.pk)).count() - views
            assert recorded == (0 if level == Level.PUBLIC and subject != "visitor" else 1)
        else:
            assert response.status_code == refused_status(level), level
            assert printed.status_code == refused_status(level)
            assert f"Contents of {page.title}" not in response.content.decode()
            assert f"Contents of {page.title}" not in printed.content.decode()


@pytest.mark.parametrize("subject", SUBJECTS)
def test_listings_navigation_and_search_show_only_readable_pages(world, subject, verified_client):
    client = verified_client(world.people[subject])
    readable = readable_levels(subject)

    section = client.get(world.section.url).content.decode()
    listing = section.split('<table class="listing">')[1]
    assert titles_in(listing, world) == readable
    tree = section.split('class="section-nav"')[1].split("</nav>")[0]
    assert titles_in(tree, world) == readable

    # The search box finds the pages, register rows and files of each readable level.
    found = client.get("/search/", {"q": "Zephyr"})
    shown = {(type(record)._meta.label, record.pk) for record in found.context["results"]}
    assert shown == {
        (type(kind[lv])._meta.label if kind is not world.pages else "wagtailcore.Page", kind[lv].pk)
        for kind in (world.pages, world.memos, world.documents)
        for lv in readable
    }
    assert found.context["results"].paginator.count == 3 * len(readable), "the count leaks nothing"


@pytest.mark.parametrize("subject", SUBJECTS)
def test_admin_explorer_search_chooser_and_api_show_only_readable_pages(world, subject, verified_client):
    client = verified_client(world.people[subject])
    readable = readable_levels(subject)
    may_explore = subject not in ("it", "internal_audit", "visitor")  # roles without page rights

    explorer = client.get(f"/admin/pages/{world.section.pk}/")
    search = client.get("/admin/pages/search/", {"q": "Zephyr"})
    if may_explore:
        assert titles_in(explorer.content.decode(), world) == readable
        assert titles_in(search.content.decode(), world) == readable
    else:
        assert explorer.status_code == 302 and search.status_code == 302

    chooser = client.get(f"/admin/choose-page/{world.section.pk}/")
    chosen = json.loads(chooser.content)["html"] if chooser.status_code == 200 else ""
    assert titles_in(chosen, world) == (readable if chooser.status_code == 200 else set())

    api = client.get("/admin/api/main/pages/", {"child_of": world.section.pk, "for_explorer": 1})
    listed = {item["title"] for item in api.json()["items"]} if api.status_code == 200 else set()
    assert listed <= {world.pages[level].title for level in readable}
    for level, page in world.pages.items():
        detail = client.get(f"/admin/api/main/pages/{page.pk}/")
        if level not in readable:
            assert detail.status_code == 404, level


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_editor_opens_only_for_those_who_may_edit(world, subject, verified_client):
    client = verified_client(world.people[subject])
    for level, page in world.pages.items():
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        if expected(EDITS, subject, level):
            assert response.status_code == 200, level
        elif expected(READS, subject, level):
            assert response.status_code == 302, level  # Wagtail's "permission denied"
        else:
            assert response.status_code == refused_status(level), level  # the rule's refusal
        history = client.get(f"/admin/pages/{page.pk}/history/")
        assert (history.status_code == 200) is expected(EDITS, subject, level)


def test_opening_a_non_public_page_in_the_editor_is_sealed(world, verified_client):
    client = verified_client(world.people["leader"])
    page = world.pages[Level.SECRET]
    client.get(f"/admin/pages/{page.pk}/edit/")
    event = Event.objects.filter(action="access.view", target_id=str(page.pk)).latest("id")
    assert event.actor == world.people["leader"]
    assert event.details["level"] == "secret"


def test_breadcrumbs_hide_sections_the_reader_may_not_open(world, verified_client, home_page):
    from home.factories import SectionPageFactory

    secret_folder = SectionPageFactory(
        parent=world.section, title="Hidden folder", department=world.department, confidentiality=Level.SECRET
    )
    inside = SectionPageFactory(
        parent=secret_folder, title="Open notice", department=world.department, confidentiality=Level.PUBLIC
    )
    html = verified_client(world.people["staff_other"]).get(inside.url).content.decode()
    assert "Open notice" in html
    assert "Hidden folder" not in html


def test_every_page_type_but_the_home_page_is_under_the_rule():
    from wagtail.models import get_page_models

    from home.models import HomePage
    from portal.access.models import AccessControlledPage

    outside = {m for m in get_page_models() if not issubclass(m, AccessControlledPage)}
    assert outside == {Page, HomePage}, "a new page type must use AccessControlledPage"


def test_search_pagination_and_counts_reveal_no_hidden_page(world, verified_client):
    from home.factories import SectionPageFactory

    for number in range(25):
        SectionPageFactory(
            parent=world.section,
            title=f"Quasar secret {number}",
            department=world.department,
            confidentiality=Level.SECRET,
        )
    for number in range(3):
        SectionPageFactory(
            parent=world.section,
            title=f"Quasar notice {number}",
            department=world.department,
            confidentiality=Level.PUBLIC,
        )
    response = verified_client(world.people["staff_other"]).get("/search/", {"q": "Quasar"})
    results = response.context["results"]
    assert results.paginator.count == 3 and results.paginator.num_pages == 1
    assert "secret" not in response.content.decode().lower().split("<main")[1]
    assert (
        verified_client(world.people["head_same"])
        .get("/search/", {"q": "Quasar"})
        .context["results"]
        .paginator.count
        == 28
    )


def test_the_home_page_and_global_navigation_list_only_readable_sections(world, verified_client, home_page):
    from home.factories import SectionPageFactory

    SectionPageFactory(
        parent=home_page,
        title="Internal section",
        department=world.department,
        confidentiality=Level.INTERNAL,
        show_in_menus=True,
    )
    world.section.show_in_menus = True
    world.section.save()
    for subject, sees in (("staff_same", True), ("staff_other", False), ("leader", True)):
        html = verified_client(world.people[subject]).get("/").content.decode()
        assert ("Internal section" in html) is sees, subject
        assert "Section A" in html
    # Views without a page of their own show the same navigation.
    client = verified_client(world.people["staff_other"])
    for url in ("/search/?q=Zephyr", "/access/requests/", "/access/request/"):
        html = client.get(url).content.decode()
        assert "Section A" in html and "Internal section" not in html, url


def test_the_dashboard_counts_only_readable_pages(world, rf):
    from wagtail import hooks

    from portal.access.panels import VisiblePagesSummaryItem

    def count(user):
        request = rf.get("/admin/")
        request.user = user
        items = []
        for hook in hooks.get_hooks("construct_homepage_summary_items"):
            hook(request, items)
        [pages] = [item for item in items if isinstance(item, VisiblePagesSummaryItem)]
        return pages.get_context_data({})["total_pages"]

    from home.models import ManualIndexPage, ManualPage

    # home, Section A and its readable Zephyr pages, and the public user manual
    manual = ManualIndexPage.objects.count() + ManualPage.objects.count()
    assert count(world.people["staff_other"]) == 2 + 1 + manual
    assert count(world.people["leader"]) == 2 + 4 + manual
