"""In a real browser: the home page as a workbench. Staff find their
overdue reading and training confirmation marked 逾期, open the record from
there, confirm the training and start a circulation from a quick action; a
head and a leader find what they are to decide."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from home.factories import DocumentPageFactory, SectionPageFactory, TrainingPageFactory
from portal.access.levels import Level
from portal.access.services import grants
from portal.accounts import two_factor
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from registers.models import Circulation
from registers.services import circulation

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def section(home_page, department):
    return SectionPageFactory(
        parent=home_page, title="行政办公室", department=department, confidentiality=Level.PUBLIC
    )


@pytest.fixture
def notice(section, department, department_head):
    return DocumentPageFactory(
        parent=section,
        title="关于开展2026年度留痕管理专项检查的通知",
        department=department,
        owner=department_head,
        confidentiality=Level.INTERNAL,
    )


def open_home(page, live_server, user):
    sign_in(page, live_server, user, two_factor.issue_backup_codes(user)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/")


def test_staff_read_and_confirm_from_the_workbench(
    page, live_server, section, notice, department, department_head, staff, screenshot
):
    sent = circulation.circulate(
        notice,
        department_head,
        recipients=[staff],
        deadline=timezone.now() + datetime.timedelta(days=1),
        instruction="请于本周五前阅毕。",
    )
    Circulation.objects.filter(pk=sent.pk).update(deadline=timezone.now() - datetime.timedelta(days=1))
    training = TrainingPageFactory(
        parent=section,
        title="档案安全培训",
        department=department,
        owner=department_head,
        due_date=timezone.localdate() - datetime.timedelta(days=2),
        audience_departments=[department],
    )
    open_home(page, live_server, staff)
    items = page.locator(".pending-item")
    assert items.count() == 2
    for title in (notice.title, training.title):
        item = items.filter(has_text=title)
        assert item.locator(".badge--overdue").inner_text() == "逾期"
        assert "逾期" in item.locator(".pending-item__timing").inner_text()
    assert "逾期 2 天" in items.filter(has_text=training.title).inner_text()
    screenshot("workbench-staff")
    assert page.csp_violations == []

    items.filter(has_text=notice.title).locator(".pending-item__title").click()
    page.wait_for_url(f"**{notice.url}")
    assert page.locator("h1").inner_text() == notice.title
    page.goto(f"{live_server.url}/")
    assert page.locator(".pending-item").count() == 1  # reading it was recorded

    page.locator(".pending-item__title", has_text=training.title).click()
    page.wait_for_url(f"**{training.url}")
    page.click(".read-confirmation button[type=submit]")
    assert (
        "您已于" in page.locator(".read-confirmation").inner_text()
        or page.locator(".read-confirmation .message--success").is_visible()
    )
    page.goto(f"{live_server.url}/")
    assert page.locator(".pending-item").count() == 0
    assert page.locator(".pending .empty").is_visible()


def test_staff_start_a_circulation_from_a_quick_action(
    page, live_server, notice, department, staff, screenshot
):
    colleague = UserFactory(roles=[Role.STAFF], department=department, display_name="李明")
    open_home(page, live_server, staff)
    page.locator(".quick-action", has_text="发起传阅").click()
    page.wait_for_url(f"**{reverse('circulations:choose_record')}")
    row = page.locator("table.listing tbody tr", has_text=notice.title)
    screenshot("workbench-choose-record")
    row.locator("a", has_text="传阅").click()
    page.wait_for_url(f"**{reverse('circulations:circulate', args=[notice.pk])}")
    page.select_option("#id_users", value=str(colleague.pk))
    page.fill("#id_instruction", "请阅。")
    screenshot("workbench-circulate")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"**{reverse('circulations:status', args=[notice.pk])}")
    sent = Circulation.objects.get(page=notice)
    assert sent.sender == staff and [r.recipient for r in sent.receipts.all()] == [colleague]
    assert page.csp_violations == []


def test_a_head_and_a_leader_find_what_they_are_to_decide(
    page,
    live_server,
    home_page,
    section,
    notice,
    department,
    other_department,
    department_head,
    leader,
    screenshot,
):
    requester = UserFactory(roles=[Role.STAFF], department=other_department, display_name="周晴")
    now = timezone.now()
    # Titles spelled out: a level's label follows whatever language is active.
    for level, name, reason in (
        (Level.INTERNAL, "内部", "核对本部门费用。"),
        (Level.SECRET, "秘密", "审计需要。"),
    ):
        record = SectionPageFactory(
            parent=home_page, title=f"预算说明（{name}）", department=department, confidentiality=level
        )
        grants.request_access(
            requester, reason=reason, starts_at=now, ends_at=now + datetime.timedelta(days=5), record=record
        )
    open_home(page, live_server, department_head)
    assert page.locator(".pending-item", has_text="查阅申请：预算说明（内部）").count() == 1
    screenshot("workbench-head")

    page.context.clear_cookies()
    open_home(page, live_server, leader)
    item = page.locator(".pending-item", has_text="查阅申请：预算说明（秘密）")
    assert item.locator(".tag").inner_text() == "待审批"
    screenshot("workbench-leader")
    item.locator(".pending-item__title").click()
    page.wait_for_url("**/admin/access/requests/decide/**")
    assert "审计需要" in page.content()
