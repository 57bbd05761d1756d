"""In a real browser: a department head who reads the portal in 繁體 reads a
policy written in Simplified in Traditional characters — title, body,
department, sections — then opens it in the editor, which holds the stored
Simplified text, and saves it unchanged: the new revision stores what was
written, not what was shown."""

import pytest
from django.utils.html import strip_tags
from wagtail.users.models import UserProfile

from home.factories import PolicyPageFactory, SectionPageFactory, policy_body
from home.models import PolicyPage
from portal.access.levels import Level
from portal.accounts import two_factor

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLAUSES = [
    "<p>为实现全程留痕，各部门的记录应当真实、完整、及时。</p>",
    "<p>信息技术部负责门户软件的维护。</p>",
]


def test_a_hant_reader_reads_a_simplified_policy_in_traditional(
    page, live_server, home_page, department, department_head, screenshot
):
    section = SectionPageFactory(
        parent=home_page, title="规章制度", department=department, show_in_menus=True
    )
    policy = PolicyPageFactory(
        parent=section,
        title="全程留痕记录管理制度",
        number="行制〔2026〕12号",
        department=department,
        owner=department_head,
        confidentiality=Level.PUBLIC,
        body=policy_body([("总则", CLAUSES), ("记录的保管", ["<p>档案管理员负责纸质记录的归档。</p>"])]),
    )
    profile = UserProfile.get_for_user(department_head)
    profile.preferred_language = "zh-hant"
    profile.save()

    sign_in(page, live_server, department_head, two_factor.issue_backup_codes(department_head)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}{policy.url}")
    main = page.locator("main")
    assert "全程留痕記錄管理制度" in page.locator("h1").inner_text()
    text = main.inner_text()
    assert "為實現全程留痕，各部門的記錄應當真實、完整、及時。" in text
    assert "軟體" in text and "記錄的保管" in text and "行政辦公室" in text
    assert "记录" not in text and "行政办公室" not in text
    assert "規章制度" in page.locator("nav.global-sections").inner_text()
    screenshot("hant-policy-page")

    # The editor holds the stored text, and saving it stores it unchanged.
    page.goto(f"{live_server.url}/admin/pages/{policy.pk}/edit/")
    assert page.locator("#id_title").input_value() == "全程留痕记录管理制度"
    assert "为实现全程留痕" in page.locator("[data-contents]").first.inner_text()
    page.click("footer button.action-save")
    page.wait_for_url(f"**/admin/pages/{policy.pk}/edit/")
    revision = PolicyPage.objects.get(pk=policy.pk).latest_revision
    assert revision.user == department_head, "the save made a revision"
    saved = revision.as_object()
    assert saved.title == "全程留痕记录管理制度"
    clauses = [strip_tags(str(clause)) for chapter in saved.body for clause in chapter.value["clauses"]]
    assert clauses == [strip_tags(clause) for clause in [*CLAUSES, "<p>档案管理员负责纸质记录的归档。</p>"]]
