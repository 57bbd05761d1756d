"""The portal's own help: the 用户手册 that setup_portal seeds (each role, both
scripts, without overwriting an editor), /help/, the admin's help link, and
the screenshots the manual shows."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.users.models import UserProfile

from home.models import ManualIndexPage, ManualPage
from home.services import manual
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.trail.models import Event

pytestmark = pytest.mark.django_db

SCRIPTS = ("zh-hans", "zh-hant")


def in_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def test_setup_portal_seeds_a_page_per_role_in_both_scripts(home_page):
    index = ManualIndexPage.objects.get()
    assert index.live and index.get_parent().specific == home_page
    pages = ManualPage.objects.child_of(index).live()
    assert {(p.role, p.script) for p in pages} == {(r, s) for r in manual.ROLES for s in SCRIPTS}
    staff = pages.get(role=Role.STAFF, script="zh-hans")
    assert staff.title == "员工：日常工作" and "申请查阅" in staff.body
    assert pages.get(role=Role.STAFF, script="zh-hant").title == "員工：日常工作"


def test_setup_portal_again_keeps_an_editors_changes_and_makes_no_duplicates(home_page, it_user):
    page = ManualPage.objects.get(role=Role.ARCHIVIST, script="zh-hans")
    page.body = "本部门的补充说明。"
    page.save_revision(user=it_user).publish()
    events = Event.objects.filter(action="manual.seed").count()
    call_command("setup_portal", verbosity=0)
    call_command("setup_portal", verbosity=0)
    assert Event.objects.filter(action="manual.seed").count() == events, "nothing to do, nothing recorded"
    assert ManualIndexPage.objects.count() == 1
    assert ManualPage.objects.count() == len(manual.ROLES) * len(SCRIPTS)
    page.refresh_from_db()
    assert page.body == "本部门的补充说明。"


def test_setup_portal_refreshes_a_page_nobody_edited_from_its_source(home_page):
    page = ManualPage.objects.get(role=Role.STAFF, script="zh-hant")
    page.body = "舊的原文。"
    page.save_revision().publish()  # as the set-up wrote it, without a user
    events = Event.objects.filter(action="manual.seed").count()
    call_command("setup_portal", verbosity=0)
    page.refresh_from_db()
    assert page.body == manual.read_source(Role.STAFF, "zh-hant")[1]
    assert Event.objects.filter(action="manual.seed").count() == events + 1


@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "档案管理员：日常工作"), ("zh-hant", "檔案管理員：日常工作")]
)
def test_help_opens_the_readers_role_page_in_their_script(archivist, verified_client, language, title):
    client = verified_client(in_language(archivist, language))
    response = client.get("/help/", follow=True)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.title == title and page.script == language
    assert "登记纸质签字" in page.body or "登記紙質簽字" in page.body


def test_help_without_a_manual_role_opens_the_index_in_the_readers_script(portal_setup, verified_client):
    visitor = in_language(UserFactory(roles=[Role.ADMINISTRATION_OFFICE]), "zh-hant")
    response = verified_client(visitor).get("/help/", follow=True)
    assert response.context["page"].specific_class is ManualIndexPage
    listed = response.context["manual_pages"]
    assert len(listed) == len(manual.ROLES) and {p.script for p in listed} == {"zh-hant"}


def test_a_manual_page_shows_its_steps_and_screenshots(staff, verified_client):
    page = ManualPage.objects.get(role=Role.STAFF, script="zh-hans")
    html = verified_client(staff).get(page.url).content.decode()
    assert "<h2>申请查阅</h2>" in html
    assert '<img src="/help/images/access-refused.png"' in html
    image = verified_client(staff).get("/help/images/access-refused.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_manual_images_are_only_the_manuals(staff, verified_client):
    client = verified_client(staff)
    assert client.get("/help/images/missing.png").status_code == 404
    assert client.get("/help/images/..%2F..%2Fviews.py").status_code == 404


def test_the_manual_shows_no_html_it_is_given():
    html = manual.render("## 标题\n<script>alert(1)</script>\n1. **第一步** [首页](/)\n![说明](x.png)")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<ol><li><strong>第一步</strong> <a href="/">首页</a></li></ol>' in html
    assert manual.render("[外部](https://example.com)").count("<a ") == 0


def test_every_image_a_manual_page_refers_to_exists(home_page):
    referenced = {name for page in ManualPage.objects.all() for name in manual.images_referenced(page.body)}
    assert referenced, "the manual shows screenshots"
    missing = sorted(name for name in referenced if manual.image_path(name) is None)
    assert missing == []


def test_the_manual_is_public_and_edited_like_a_page_of_no_department(
    home_page, staff, department_head, archivist, it_user
):
    page = ManualPage.objects.get(role=Role.STAFF, script="zh-hans")
    assert (page.confidentiality, page.department) == (Level.PUBLIC, None)
    page.confidentiality = Level.SECRET
    page.save()
    page.refresh_from_db()
    assert page.confidentiality == Level.PUBLIC, "the help stays readable by everyone"
    assert page.permissions_for_user(archivist).can_edit()
    assert not page.permissions_for_user(archivist).can_publish(), "an edit goes live through approval"
    for user in (staff, department_head, it_user):
        assert not page.permissions_for_user(user).can_edit()


def test_the_admins_help_points_to_the_portals_manual(staff, verified_client):
    html = verified_client(staff).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("help") in html
    assert "guide.wagtail.org" not in html


def test_the_site_header_links_to_help(staff, verified_client):
    html = verified_client(staff).get("/").content.decode()
    assert f'href="{reverse("help")}"' in html


def test_the_admins_help_menu_offers_the_user_manual_first(rf, staff):
    from wagtail.admin.menu import help_menu

    request = rf.get("/admin/")
    request.user = staff
    urls = [item.url for item in sorted(help_menu.menu_items_for_request(request), key=lambda i: i.order)]
    assert urls[0] == reverse("help")
    assert not any("wagtail.org" in url for url in urls)


def test_the_records_search_leaves_the_manual_out(staff, verified_client):
    response = verified_client(staff).get(reverse("portal_search"), {"q": "登记纸质签字"})
    assert response.status_code == 200
    assert not any(isinstance(result.specific, ManualPage) for result in response.context["results"])
    assert "档案管理员：日常工作" not in response.content.decode()


def test_an_archivist_edits_the_manual_in_the_admin_and_set_up_keeps_the_edit(
    home_page, archivist, verified_client
):
    from wagtail.test.utils.form_data import nested_form_data

    page = ManualPage.objects.get(role=Role.STAFF, script="zh-hans")
    client = verified_client(archivist)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "role": page.role,
            "script": page.script,
            "body": "## 补充\n新的说明。",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    draft = page.get_latest_revision()
    assert draft.user == archivist and draft.as_object().body == "## 补充\n新的说明。"
    call_command("setup_portal", verbosity=0)
    page.refresh_from_db()
    assert page.get_latest_revision() == draft, "the set-up leaves an editor's draft alone"
