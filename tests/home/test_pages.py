import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from home.factories import SectionPageFactory
from home.models import HomePage, ManualIndexPage, PolicyLibraryPage, SectionPage
from portal.access.levels import Level

pytestmark = pytest.mark.django_db


def test_tree_rules():
    assert set(HomePage.allowed_subpage_models()) == {SectionPage, PolicyLibraryPage, ManualIndexPage}
    assert HomePage.allowed_parent_page_models() == [Page]
    assert set(SectionPage.allowed_parent_page_models()) == {HomePage, SectionPage}
    assert HomePage.max_count == 1


def test_home_page_shows_sections_and_empty_pending_items(home_page, staff, verified_client, department):
    SectionPageFactory(parent=home_page, title="行政办公室", department=department, show_in_menus=True)
    client = verified_client(staff)
    html = client.get("/").content.decode()
    assert "我的待办" in html
    assert "暂无待办事项" in html
    assert (
        'href="/%e8%a1%8c%e6%94%bf%e5%8a%9e%e5%85%ac%e5%ae%a4/"' in html.lower() or "行政办公室</a>" in html
    )
    assert "孙丽" in html, "the header shows the signed-in user's name"


def test_section_page_has_breadcrumbs_and_section_tree(home_page, staff, verified_client, department):
    section = SectionPageFactory(
        parent=home_page, title="行政办公室", slug="admin-office", department=department
    )
    topic = SectionPageFactory(parent=section, title="规章制度", slug="policies", department=department)
    SectionPageFactory(parent=section, title="会议", slug="meetings", department=department)
    html = verified_client(staff).get(topic.url).content.decode()
    assert 'class="breadcrumbs"' in html
    assert '<span aria-current="page">规章制度</span>' in html
    assert 'aria-current="page" class="current">规章制度</a>' in html
    assert ">会议</a>" in html, "siblings appear in the section tree"
    assert "所属部门" in html


def test_front_end_follows_the_users_language(home_page, staff, verified_client):
    client = verified_client(staff)
    assert '<html lang="zh-hans">' in client.get("/").content.decode()

    client.post("/accounts/language/", {"language": "zh-hant", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="zh-hant">' in html
    assert "我的待辦" in html
    # …and the admin follows the same choice.
    staff.refresh_from_db()
    assert staff.wagtail_userprofile.preferred_language == "zh-hant"

    client.post("/accounts/language/", {"language": "en", "next": "/"})
    assert "My pending items" in client.get("/").content.decode()


def test_sign_in_page_defaults_to_simplified_chinese(client, home_page):
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录" in html


def test_pages_are_creatable_in_the_admin(home_page, leader, verified_client, department):
    client = verified_client(leader)
    response = client.get(f"/admin/pages/add/home/sectionpage/{home_page.pk}/")
    assert response.status_code == 200
    response = client.post(
        f"/admin/pages/add/home/sectionpage/{home_page.pk}/",
        nested_form_data(
            {
                "title": "财务部",
                "slug": "finance",
                "department": department.pk,
                "confidentiality": Level.INTERNAL,
                "intro": rich_text(""),
            }
        )
        | {"action-submit": "submit"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    section = SectionPage.objects.get(slug="finance")
    assert not section.live and section.current_workflow_state is not None, "no role publishes directly"


def test_every_response_has_an_enforced_csp(client, home_page):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "object-src 'none'" in policy
    assert "Content-Security-Policy-Report-Only" not in response.headers
