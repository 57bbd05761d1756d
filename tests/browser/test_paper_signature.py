"""In a real browser, the archivist's everyday task: a circulated record's
paper slip came back signed; the archivist opens its circulation status,
records a recipient's signature, and the status shows it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.accounts import two_factor
from portal.trail.models import Event
from registers.models import CirculationReceipt
from registers.services import circulation as service

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_archivist_records_a_paper_slips_signature(
    page, live_server, home_page, department, department_head, staff, archivist, screenshot
):
    record = SectionPageFactory(
        parent=home_page,
        title="关于开展年度档案检查的通知",
        intro="<p>各部门请于月底前完成自查。</p>",
        department=department,
        confidentiality=Level.INTERNAL,
        owner=department_head,
    )
    service.circulate(record, department_head, recipients=[staff], instruction="请阅后在传阅单上签字。")
    receipt = CirculationReceipt.objects.get()
    today = timezone.localdate()

    sign_in(page, live_server, archivist, two_factor.issue_backup_codes(archivist)[0])
    page.wait_for_url(f"{live_server.url}/admin/")
    # From the admin menu's 传阅: the register, then the record's status.
    page.goto(f"{live_server.url}{reverse('circulations:index')}")
    page.get_by_role("link", name=record.title).click()
    page.wait_for_url(f"**{reverse('circulations:status', args=[record.pk])}")
    row = page.locator("tr", has_text=staff.display_name)
    row.get_by_role("link", name="登记纸质签字").click()
    page.wait_for_url(f"**/receipt/{receipt.pk}/paper/")
    assert page.locator("#id_signed_by").input_value() == staff.display_name
    page.fill("#id_signed_on", today.isoformat())
    screenshot("archivist-paper-signature")
    page.locator("form button[type=submit]", has_text="保存").click()
    page.wait_for_url(f"**{reverse('circulations:status', args=[record.pk])}")

    assert "纸质签字已登记" in page.locator(".messages").inner_text()
    row = page.locator("tr", has_text=staff.display_name)
    assert f"{staff.display_name}, {today:%Y-%m-%d}" in row.inner_text()
    assert f"由{archivist.display_name}登记" in row.inner_text()
    receipt.refresh_from_db()
    assert (receipt.paper_signed_by, receipt.paper_signed_on, receipt.paper_recorded_by) == (
        staff.display_name,
        today,
        archivist,
    )
    assert Event.objects.filter(action="circulation.paper_signature", actor=archivist).count() == 1
    assert page.csp_violations == []
