"""A superuser administers the system, not the records: on every path to a
record (the rule, the front end, the admin's explorer, editor, search,
history report and file library, Wagtail's page permissions) they hold what
their roles give, nothing more."""

import pytest

from portal.access import rules
from portal.access.levels import Level
from portal.access.rules import Action
from portal.access.subjects import forget

pytestmark = pytest.mark.django_db

HIDDEN = (Level.INTERNAL, Level.SECRET, Level.CONFIDENTIAL)  # what IT does not read


@pytest.fixture
def boss(world):
    """IT's account, made a superuser."""
    user = world.people["it"]
    user.is_superuser = user.is_staff = True
    user.save()
    forget(user)
    return user


def test_the_rule_gives_a_superuser_nothing_more(world, boss):
    for level in HIDDEN:
        for record in (world.pages[level], world.documents[level], world.memos[level]):
            assert not rules.can(boss, Action.VIEW, record)
    from wagtail.models import Page

    readable = set(Page.objects.filter(rules.page_filter(boss)).values_list("pk", flat=True))
    assert not readable & {world.pages[level].pk for level in HIDDEN}


def test_the_front_end_refuses_a_superuser(world, boss, verified_client):
    client = verified_client(boss)
    for level in HIDDEN:
        response = client.get(world.pages[level].url)
        assert response.status_code in (403, 404)
        assert f"Contents of {world.pages[level].title}" not in response.content.decode()
    assert client.get(world.pages[Level.PUBLIC].url).status_code == 200


def test_the_admin_shows_a_superuser_no_hidden_record(world, boss, verified_client):
    client = verified_client(boss)
    hidden = [world.pages[level] for level in HIDDEN]
    pages = [
        f"/admin/pages/{world.section.pk}/",
        "/admin/pages/search/?q=Zephyr",
        "/admin/reports/site-history/",
        "/admin/documents/",
        "/admin/",
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        body = response.content.decode()
        for page in hidden:
            assert page.title not in body, (url, page.title)
    for page in hidden:
        # The rule's refusal (403), or "not found" for a confidential page.
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (403, 404)
        document = world.documents[page.confidentiality]
        assert client.get(f"/admin/documents/edit/{document.pk}/").status_code == 302


def test_registers_show_a_superuser_only_what_the_rule_allows(world, boss, verified_client):
    """A register's model permissions are all a superuser's; its rows are not."""
    client = verified_client(boss)
    listing = client.get("/admin/memos/?q=Zephyr").content.decode()
    assert world.memos[Level.PUBLIC].title in listing
    for level in HIDDEN:
        memo = world.memos[level]
        assert memo.title not in listing
        for view in ("inspect", "edit", "delete"):
            response = client.get(f"/admin/memos/{view}/{memo.pk}/")
            assert response.status_code in (403, 404), (view, level)


def test_wagtails_page_permissions_follow_the_roles_not_the_flag(world, verified_client):
    """Staff of the owning department, made superuser, edit what staff edit
    but publish, delete, move or lock nothing: staff's page rights."""
    staff = world.people["staff_same"]
    staff.is_superuser = True
    staff.save()
    forget(staff)
    page = world.pages[Level.INTERNAL]
    tester = page.permissions_for_user(staff)
    assert tester.can_edit()
    assert not tester.can_publish()
    assert not tester.can_unpublish()
    assert not tester.can_delete()
    assert not tester.can_move()
    assert not tester.can_lock()
    assert not tester.can_set_view_restrictions()
    response = verified_client(staff).post(f"/admin/pages/{page.pk}/unpublish/")
    page.refresh_from_db()
    assert page.live, "a superuser with staff's roles cannot unpublish"
    assert response.status_code in (302, 403)


def test_a_superuser_without_roles_opens_the_admin_without_records(world, verified_client):
    from portal.accounts.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True, username="root")
    client = verified_client(admin)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/pages/search/?q=Zephyr", follow=True)
    assert response.status_code == 200
    for level in HIDDEN:
        assert world.pages[level].title not in response.content.decode()
    assert not rules.can(admin, Action.VIEW, world.pages[Level.INTERNAL])
