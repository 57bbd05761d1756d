"""In a real browser: a meeting page with its 督办 list — each decision's
responsible person, due date and state, the overdue one marked — and from
there the 督办 dashboard for that meeting."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from home.factories import MeetingPageFactory
from portal.access.levels import Level
from portal.accounts import two_factor
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from registers.services import followup

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_meeting_page_shows_its_follow_up_tasks(page, live_server, home_page, department, screenshot):
    chair = UserFactory(roles=[Role.LEADERSHIP], department=department, display_name="赵敏")
    organiser = UserFactory(roles=[Role.STAFF], department=department, display_name="孙丽")
    responsible = UserFactory(roles=[Role.STAFF], department=department, display_name="何梅")
    meeting = MeetingPageFactory(
        parent=home_page,
        title="2026年第四季度留痕工作推进会",
        department=department,
        confidentiality=Level.INTERNAL,
        chair=chair,
        organiser=organiser,
        minute_taker=organiser,
        starts_at=timezone.now() - datetime.timedelta(days=7),
        ends_at=timezone.now() - datetime.timedelta(days=7) + datetime.timedelta(hours=2),
    )
    today = timezone.localdate()
    with time_machine.travel(timezone.now() - datetime.timedelta(days=6)):
        _late, waiting = followup.open_tasks(
            meeting,
            organiser,
            [
                SimpleNamespace(pk=1, text="完成会计凭证移交归档", department=None, responsible=responsible,
                                due_on=today - datetime.timedelta(days=2)),
                SimpleNamespace(pk=2, text="梳理项目文件归档清单", department=None, responsible=responsible,
                                due_on=today + datetime.timedelta(days=1)),
            ],
        )  # fmt: skip
    followup.request_extension(
        waiting, responsible, new_due_on=today + datetime.timedelta(days=14), reason="项目多"
    )

    sign_in(page, live_server, organiser, two_factor.issue_backup_codes(organiser)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}{meeting.url}")
    tasks = page.locator(".meeting-followup__tasks")
    assert "督办事项" in page.locator("#meeting-followup-heading").inner_text()
    late_row = tasks.locator("tr", has_text="完成会计凭证移交归档")
    assert "逾期2天" in late_row.inner_text() and "何梅" in late_row.inner_text()
    assert "申请延期" in tasks.locator("tr", has_text="梳理项目文件归档清单").inner_text()
    screenshot("meeting-followup-list")

    page.get_by_role("link", name="在督办台账中查看").click()
    page.wait_for_url("**/admin/registers/followup/**")
    assert page.locator('[data-count="total"]').inner_text() == "2"
    assert page.locator('[data-count="overdue"]').inner_text() == "1"
    screenshot("followup-dashboard")
