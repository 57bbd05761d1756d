"""The search box finds what staff type, in either script, and only what the
reader may open (requirements X-1, P-4)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.accounts.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("portal_search")


@pytest.fixture
def policy(home_page, department):
    return SectionPageFactory(
        parent=home_page,
        title="全程留痕跡管理制度",
        intro="<p>会议记录应当及时归档。合同编号〔2026〕行字第012号，依据 ISO9001，经办人张伟。</p>",
        department=department,
        confidentiality=Level.INTERNAL,
    )


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".search-hit__title")]


@pytest.mark.parametrize(
    "query",
    [
        "留痕",
        "会议记录",
        "归档",
        "管理制度",
        "2026 合同 ISO9001",
        "〔2026〕行字第012号",
        "张伟",
        "全程留痕跡管理制度",
    ],
)
def test_what_staff_type_finds_the_policy(policy, staff, verified_client, query):
    assert policy.title in titles(verified_client(staff).get(SEARCH, {"q": query}))


@pytest.mark.parametrize("query", ["留痕迹", "全程留痕迹", "歸檔", "會議記錄", "張偉"])
def test_simplified_and_traditional_find_each_other(policy, staff, verified_client, query):
    assert policy.title in titles(verified_client(staff).get(SEARCH, {"q": query}))


def test_words_apart_are_not_a_phrase(policy, staff, verified_client):
    # 记录 and 归档 both occur, but never as 记录归档.
    assert titles(verified_client(staff).get(SEARCH, {"q": "记录归档"})) == []


def test_one_character_finds_by_substring(policy, staff, verified_client):
    assert policy.title in titles(verified_client(staff).get(SEARCH, {"q": "档"}))
    assert policy.title not in titles(verified_client(staff).get(SEARCH, {"q": "鑫"}))


def test_result_shows_type_department_date_and_a_highlighted_snippet(policy, staff, verified_client):
    html = verified_client(staff).get(SEARCH, {"q": "归檔"}).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    hit = soup.select_one(".search-hit")
    meta = hit.select_one(".meta").get_text()
    published = timezone.localtime(policy.last_published_at).strftime("%Y-%m-%d")  # the portal's day
    assert "栏目" in meta and "行政办公室" in meta and published in meta
    assert hit.select_one(".search-hit__snippet mark").get_text() == "归档"


def test_confidential_pages_never_show_in_results_or_counts(
    home_page, department, staff, leader, verified_client
):
    other = DepartmentFactory(code="审", name="内部审计部")
    SectionPageFactory(
        parent=home_page, title="留痕公开说明", department=department, confidentiality=Level.PUBLIC
    )
    SectionPageFactory(
        parent=home_page, title="留痕机密报告", department=other, confidentiality=Level.CONFIDENTIAL
    )

    staff_view = verified_client(staff).get(SEARCH, {"q": "留痕"})
    assert "留痕公开说明" in titles(staff_view)
    assert "留痕机密报告" not in staff_view.content.decode()
    assert "内部审计部" not in staff_view.content.decode(), "the facets reveal no hidden department"
    assert "2 条" in staff_view.content.decode() or "2 results" in staff_view.content.decode()

    leader_view = verified_client(leader).get(SEARCH, {"q": "留痕"})
    assert "留痕机密报告" in titles(leader_view)


def test_facets_count_and_narrow_only_visible_records(
    home_page, department, other_department, staff, verified_client
):
    SectionPageFactory(
        parent=home_page, title="归档制度甲", department=department, confidentiality=Level.PUBLIC
    )
    SectionPageFactory(
        parent=home_page, title="归档制度乙", department=other_department, confidentiality=Level.PUBLIC
    )
    SectionPageFactory(
        parent=home_page, title="归档制度丙", department=other_department, confidentiality=Level.SECRET
    )
    client = verified_client(staff)
    soup = BeautifulSoup(client.get(SEARCH, {"q": "归档"}).content, "html.parser")
    counts = {
        li.find("a").get_text(strip=True): li.select_one(".meta").get_text(strip=True)
        for li in soup.select(".search-facet li")
    }
    assert counts["财务部"] == "(1)", "the secret page of 财务部 is not counted"
    assert counts["行政办公室"] == "(1)"
    narrowed = client.get(SEARCH, {"q": "归档", "department": other_department.pk})
    assert titles(narrowed) == ["归档制度乙"]


def test_results_can_be_ordered_by_date(home_page, department, staff, verified_client):
    older = SectionPageFactory(
        parent=home_page, title="旧的归档规定", department=department, confidentiality=Level.PUBLIC
    )
    newer = SectionPageFactory(
        parent=home_page, title="新的归档规定", department=department, confidentiality=Level.PUBLIC
    )
    older.last_published_at = newer.last_published_at.replace(year=2020)
    older.save()
    assert titles(verified_client(staff).get(SEARCH, {"q": "归档规定", "order": "date"})) == [
        "新的归档规定",
        "旧的归档规定",
    ]


def test_the_admin_page_search_segments_too(policy, leader, verified_client):
    html = verified_client(leader).get(reverse("wagtailadmin_pages:search"), {"q": "留痕"}).content.decode()
    assert policy.title in html


def test_edits_are_found_at_once(policy, staff, verified_client):
    policy.intro = "<p>供应商评估表须每季度更新。</p>"
    policy.save_revision().publish()
    client = verified_client(staff)
    assert policy.title in titles(client.get(SEARCH, {"q": "供应商评估"}))
    assert policy.title not in titles(client.get(SEARCH, {"q": "会议记录"}))


def test_relevance_puts_a_title_match_before_a_passing_mention(home_page, department, staff, verified_client):
    SectionPageFactory(
        parent=home_page, title="年度工作总结", intro="<p>附：供应商评估情况。</p>", department=department,
        confidentiality=Level.PUBLIC,
    )  # fmt: skip
    SectionPageFactory(
        parent=home_page, title="供应商评估办法", intro="<p>每季度评估一次。</p>", department=department,
        confidentiality=Level.PUBLIC,
    )  # fmt: skip
    assert titles(verified_client(staff).get(SEARCH, {"q": "供应商评估"})) == [
        "供应商评估办法",
        "年度工作总结",
    ]


def facet_counts(soup, heading):
    section = next(s for s in soup.select(".search-facet") if s.h2.get_text(strip=True) == heading)
    return {
        li.find(["a", "strong"]).get_text(strip=True): li.select_one(".meta").get_text(strip=True)
        for li in section.select("li")
    }


def test_facets_count_every_page_and_narrowing_counts_what_it_keeps(
    home_page, department, other_department, staff, verified_client
):
    for title, owner in (
        ("归档制度甲", department),
        ("归档制度乙", department),
        ("归档制度丙", other_department),
    ):
        SectionPageFactory(parent=home_page, title=title, department=owner, confidentiality=Level.PUBLIC)
    for title, owner, year in (("旧归档制度", department, 2020), ("早年归档制度", other_department, 2010)):
        older = SectionPageFactory(
            parent=home_page, title=title, department=owner, confidentiality=Level.PUBLIC
        )
        older.last_published_at = older.last_published_at.replace(year=year)
        older.save()
    client = verified_client(staff)
    soup = BeautifulSoup(client.get(SEARCH, {"q": "归档"}).content, "html.parser")
    assert facet_counts(soup, "部门") == {"行政办公室": "(3)", "财务部": "(2)"}
    assert facet_counts(soup, "类型") == {"栏目": "(5)"}
    years = facet_counts(soup, "年份")
    assert years["2020"] == "(1)" and years["2010"] == "(1)"

    narrowed = client.get(SEARCH, {"q": "归档", "department": department.pk})
    assert sorted(titles(narrowed)) == ["归档制度乙", "归档制度甲", "旧归档制度"]
    assert narrowed.context["results"].paginator.count == 3
    by_year = client.get(SEARCH, {"q": "归档", "department": department.pk, "year": 2020})
    assert titles(by_year) == ["旧归档制度"] and by_year.context["results"].paginator.count == 1


def test_years_are_counted_in_the_portals_time_zone(home_page, department, staff, verified_client):
    import datetime

    from django.utils import timezone

    for title, moment in (
        ("除夕归档通知", datetime.datetime(2023, 12, 31, 23, 30)),
        ("元旦归档通知", datetime.datetime(2024, 1, 1, 0, 30)),  # still 2023 in UTC
    ):
        page = SectionPageFactory(
            parent=home_page, title=title, department=department, confidentiality=Level.PUBLIC
        )
        page.last_published_at = timezone.make_aware(moment)
        page.save()
    client = verified_client(staff)
    soup = BeautifulSoup(client.get(SEARCH, {"q": "归档通知"}).content, "html.parser")
    assert facet_counts(soup, "年份") == {"2024": "(1)", "2023": "(1)"}
    assert titles(client.get(SEARCH, {"q": "归档通知", "year": 2024})) == ["元旦归档通知"]
