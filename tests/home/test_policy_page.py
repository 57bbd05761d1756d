import datetime

import pytest
from django.utils import timezone

from home.factories import PolicyLibraryPageFactory, PolicyPageFactory, SectionPageFactory, policy_body
from home.models import DocumentPage, PolicyLibraryPage, PolicyPage, PolicyStatus, SectionPage, TrainingPage
from portal.access.levels import Level

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_tree_rules():
    for model in (PolicyPage, TrainingPage, DocumentPage):
        assert model.allowed_parent_page_models() == [SectionPage]
        assert model.allowed_subpage_models() == []
    assert {PolicyPage, TrainingPage, DocumentPage, PolicyLibraryPage} <= set(
        SectionPage.allowed_subpage_models()
    )
    assert PolicyLibraryPage.allowed_subpage_models() == []


def test_policy_renders_numbered_chapters_and_clauses(section, staff, english_client, department):
    policy = PolicyPageFactory(
        parent=section,
        department=department,
        title="印章管理制度",
        number="行制〔2026〕7号",
        body=policy_body(
            [
                ("总则", ["<p>为规范印章使用，制定本制度。</p>", "<p>本制度适用于全体员工。</p>"]),
                ("用印审批", ["<p>用印须经部门负责人审批。</p>"]),
            ]
        ),
    )
    html = english_client(staff).get(policy.url).content.decode()
    assert "第一章" in html and "第二章" in html
    # Clauses are numbered across chapters.
    assert html.index("第一条") < html.index("为规范印章使用") < html.index("第三条") < html.index("用印须经")
    assert "行制〔2026〕7号" in html
    assert "Status: In force" in html
    assert "Owning department" in html, "the access fields are shown"
    assert f"/history/{policy.pk}/" in html


def test_policy_status_is_derived(section, department):
    draft = PolicyPageFactory(parent=section, department=department, live=False, publish=False)
    pending = PolicyPageFactory(
        parent=section, department=department, effective_date=TODAY + datetime.timedelta(days=3)
    )
    old = PolicyPageFactory(parent=section, department=department)
    repealed = PolicyPageFactory(parent=section, department=department, repealed=True)
    assert draft.status == PolicyStatus.DRAFT
    assert pending.status == PolicyStatus.PENDING
    assert old.status == PolicyStatus.IN_FORCE
    assert repealed.status == PolicyStatus.REPEALED

    # A draft successor does not supersede yet; once live, it does.
    new = PolicyPageFactory(parent=section, department=department, supersedes=old, live=False, publish=False)
    assert old.status == PolicyStatus.IN_FORCE
    new.save_revision().publish()
    assert old.status == PolicyStatus.SUPERSEDED
    assert list(PolicyPage.objects.in_force()) == [new]
    assert set(PolicyPage.objects.no_longer_in_force()) == {old, repealed}


def test_superseded_policy_stays_readable_and_is_marked(section, staff, english_client, department):
    old = PolicyPageFactory(parent=section, department=department, title="旧版制度", version="1.0")
    new = PolicyPageFactory(
        parent=section, department=department, title="新版制度", version="2.0", supersedes=old
    )
    response = english_client(staff).get(old.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Status: Superseded" in html
    assert new.url in html, "the notice links to the policy in force"


def test_policy_library_groups_what_the_reader_may_see(
    home_page, section, staff, english_client, department, other_department
):
    library = PolicyLibraryPageFactory(parent=home_page, slug="library", department=department)
    finance = SectionPageFactory(parent=home_page, title="财务部", department=other_department)
    old = PolicyPageFactory(parent=section, department=department, title="考勤制度（旧）")
    PolicyPageFactory(parent=section, department=department, title="考勤制度", supersedes=old)
    PolicyPageFactory(parent=section, department=department, title="用车制度", repealed=True)
    PolicyPageFactory(
        parent=finance, department=other_department, title="报销制度", confidentiality=Level.PUBLIC
    )
    PolicyPageFactory(
        parent=finance, department=other_department, title="薪酬保密制度", confidentiality=Level.SECRET
    )

    client = english_client(staff)

    def listing(**params):
        return client.get(library.url, params).content.decode().split('class="meta listing-count"')[1]

    assert "薪酬保密制度" not in client.get(library.url).content.decode(), "a secret policy is not listed"
    html = listing()
    assert html.index("行政办公室") < html.index("考勤制度") < html.index("财务部") < html.index("报销制度")
    assert html.index("考勤制度</a>") < html.index("考勤制度（旧）") < html.index("用车制度"), "in force 1st"
    assert "考勤制度（旧）</a>" in html and "Superseded</strong>" in html and "Repealed</strong>" in html
    assert "2 records" not in html and "4 records" in html, "the count is of what the reader may see"

    in_force = listing(status="in_force")
    assert "考勤制度</a>" in in_force and "报销制度" in in_force
    assert "考勤制度（旧）" not in in_force and "用车制度" not in in_force
    older = listing(status="superseded")
    assert "考勤制度（旧）" in older and "考勤制度</a>" not in older
    finance = listing(department=other_department.pk)
    assert "报销制度" in finance and "考勤制度" not in finance and "1 record" in finance


def test_section_listing_filters_by_type_and_status(section, staff, english_client, department):
    old = PolicyPageFactory(parent=section, department=department, title="甲制度")
    PolicyPageFactory(parent=section, department=department, title="乙制度", supersedes=old)
    SectionPageFactory(parent=section, department=department, title="子栏目")
    client = english_client(staff)

    def listing(**params):
        return client.get(section.url, params).content.decode().split('<table class="listing">')[1]

    html = listing(type="policypage")
    assert "甲制度" in html and "乙制度" in html and "子栏目</a>" not in html
    html = listing(status="superseded")
    assert "甲制度" in html and "乙制度" not in html
    html = listing(year="1999")
    assert "Nothing matches these filters." in html


def test_policy_clauses_and_document_numbers_are_searchable(section, staff, verified_client, department):
    from home.factories import DocumentNumberRuleFactory, DocumentPageFactory

    PolicyPageFactory(
        parent=section,
        department=department,
        title="印章管理制度",
        body=policy_body([("用印", ["<p>合同用印须经法务审核。</p>"])]),
    )
    DocumentNumberRuleFactory(department=department, code="行")
    document = DocumentPageFactory(parent=section, department=department, title="关于节日值班的通知")
    client = verified_client(staff)
    html = client.get("/search/", {"q": "法务审核"}).content.decode()
    assert "印章管理制度" in html
    html = client.get("/search/", {"q": document.document_number}).content.decode()
    assert "关于节日值班的通知" in html
