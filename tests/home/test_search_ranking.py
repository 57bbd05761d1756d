"""Search ranks what people mean (issue 12): a title that is the query first,
records in force before superseded and repealed ones, records before the
sections that hold them; a record is found by the names of the people on it
(author, drafter, approvers), only by those who may read it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from home.factories import DocumentPageFactory, PolicyPageFactory, SectionPageFactory, policy_body
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.approvals.models import ApprovalOpinion, Opinion

pytestmark = pytest.mark.django_db

SEARCH = reverse("portal_search")


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".search-hit__title")]


@pytest.fixture
def folder(home_page, department):
    return SectionPageFactory(
        parent=home_page, title="制度", department=department, confidentiality=Level.PUBLIC
    )


def policy(folder, title, *, mentions=0, length=0, **fields):
    """A public policy whose body names its subject ``mentions`` times more
    and runs ``length`` clauses longer: a score alone ranks a short text that
    repeats the query above a long one that has it only in its title."""
    clauses = ["<p>为规范管理，制定本制度。</p>"]
    clauses += [f"<p>执行{title[:8]}时应当留痕。</p>"] * mentions
    clauses += ["<p>各部门应当按照要求做好日常工作记录，及时归档，妥善保管。</p>"] * length
    return PolicyPageFactory(
        parent=folder,
        title=title,
        department=folder.department,
        confidentiality=Level.PUBLIC,
        body=policy_body([("总则", clauses)]),
        **fields,
    )


@pytest.mark.parametrize("query", ["全程留痕管理制度", "全程 留痕管理制度", "《全程留痕管理制度》"])
def test_the_exact_title_comes_first_before_its_superseded_version(folder, staff, verified_client, query):
    old = policy(folder, "全程留痕管理制度（2024年版）", mentions=6)
    policy(folder, "全程留痕管理制度", supersedes=old, length=40)
    DocumentPageFactory(
        parent=folder,
        title="关于学习制度的通知",
        main_content="<p>请学习全程留痕管理制度。全程留痕管理制度自今年起施行。</p>" * 3,
        department=folder.department,
        confidentiality=Level.PUBLIC,
    )
    found = titles(verified_client(staff).get(SEARCH, {"q": query}))
    assert found[:2] == ["全程留痕管理制度", "全程留痕管理制度（2024年版）"], found
    assert found[2] == "关于学习制度的通知"


def test_a_title_in_the_other_script_is_still_exact(folder, staff, verified_client):
    policy(folder, "档案借阅管理规定补充说明", mentions=6)
    policy(folder, "档案借阅管理规定", length=40)
    assert titles(verified_client(staff).get(SEARCH, {"q": "檔案借閱管理規定"}))[0] == "档案借阅管理规定"


def test_policies_in_force_come_before_superseded_and_repealed_ones(folder, staff, verified_client):
    old = policy(folder, "档案借阅规定（2024年版）", mentions=8)
    policy(folder, "档案借阅暂行规定", mentions=8, repealed=True, repealed_on=datetime.date(2025, 12, 31))
    policy(folder, "档案借阅办法", supersedes=old, length=40)
    found = titles(verified_client(staff).get(SEARCH, {"q": "档案借阅"}))
    assert found[0] == "档案借阅办法", found
    assert sorted(found[1:]) == ["档案借阅暂行规定", "档案借阅规定（2024年版）"]


def test_sections_come_after_records_even_when_their_title_is_the_query(
    home_page, department, staff, verified_client
):
    meetings = SectionPageFactory(
        parent=home_page, title="会议", department=department, confidentiality=Level.PUBLIC
    )
    SectionPageFactory(parent=meetings, title="会议", department=department, confidentiality=Level.PUBLIC)
    DocumentPageFactory(
        parent=meetings,
        title="关于调整例会时间的通知",
        main_content="<p>每周会议改在周二上午。</p>",
        department=department,
        confidentiality=Level.PUBLIC,
    )
    PolicyPageFactory(
        parent=meetings, title="会议纪要管理办法", department=department, confidentiality=Level.PUBLIC
    )
    found = titles(verified_client(staff).get(SEARCH, {"q": "會議"}))
    assert found == ["会议纪要管理办法", "关于调整例会时间的通知", "会议", "会议"], found


@pytest.fixture
def drafter(portal_setup, other_department):
    return UserFactory(roles=[Role.STAFF], department=other_department, display_name="周晴")


@pytest.fixture
def approver(portal_setup, other_department):
    return UserFactory(roles=[Role.DEPARTMENT_HEAD], department=other_department, display_name="钱峰")


def give_opinion(page, approver):
    ApprovalOpinion.objects.create(
        page_id=page.pk,
        workflow_state_id=0,
        task_state_id=0,
        workflow_name="合同审批",
        task_name="部门负责人审核",
        approver=approver,
        approver_name=str(approver),
        opinion=Opinion.AGREE,
        text="同意。",
    )


def test_a_drafters_and_an_approvers_name_find_the_record(
    folder, drafter, approver, department_head, leader, verified_client
):
    contract = DocumentPageFactory(
        parent=folder,
        title="办公设备采购合同",
        drafter=drafter,
        owner=department_head,
        department=folder.department,
        confidentiality=Level.INTERNAL,
    )
    give_opinion(contract, approver)
    client = verified_client(leader)
    for name, part in (("周晴", "起草人"), ("钱峰", "审批人"), ("赵敏", "作者")):
        response = client.get(SEARCH, {"q": name})
        assert titles(response) == ["办公设备采购合同"], name
        people = BeautifulSoup(response.content, "html.parser").select_one(".search-hit__people")
        assert part in people.get_text() and people.select_one("mark").get_text() == name


def test_an_outsider_does_not_find_a_restricted_record_by_its_drafters_name(
    home_page, other_department, drafter, leader, staff, verified_client
):
    finance = SectionPageFactory(
        parent=home_page, title="财务", department=other_department, confidentiality=Level.PUBLIC
    )
    DocumentPageFactory(
        parent=finance,
        title="薪酬调整方案",
        drafter=drafter,
        department=other_department,
        confidentiality=Level.SECRET,
    )
    outsider_view = verified_client(staff).get(SEARCH, {"q": "周晴"})
    assert titles(outsider_view) == []
    assert "薪酬调整方案" not in outsider_view.content.decode()
    assert titles(verified_client(leader).get(SEARCH, {"q": "周晴"})) == ["薪酬调整方案"]


def test_a_section_is_found_by_its_approvers_name_after_the_records(
    home_page, department, approver, leader, verified_client
):
    section = SectionPageFactory(
        parent=home_page, title="会议室使用安排", department=department, confidentiality=Level.INTERNAL
    )
    DocumentPageFactory(
        parent=section,
        title="关于会议室预订的通知",
        main_content="<p>预订会议室请联系钱峰。</p>",
        department=department,
        confidentiality=Level.INTERNAL,
    )
    give_opinion(section, approver)
    assert titles(verified_client(leader).get(SEARCH, {"q": "钱峰"})) == [
        "关于会议室预订的通知",
        "会议室使用安排",
    ]
