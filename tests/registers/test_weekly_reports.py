"""Weekly work reports (WRK-2): due by the deadline of the week's last
working day (across holidays and 调休), one per week and never for a future
week, signed only by the author's supervisor, immutable in the database once
signed, read as the daily report (not by a colleague) — each action one
version and one trail event."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from portal.access import rules
from portal.access.rules import Action
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from registers.models import WeeklyReport
from registers.services import weekly
from tests.conftest import verify_session
from tests.trail_events import business_events, named

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
TEXT = {
    "summary": "完成档案系统接口联调",
    "problems": "编码不一致，原因是旧系统使用 GBK",
    "plan": "整理联调文档",
    "improvements": "联调前先核对编码",
}


@pytest.fixture(autouse=True)
def in_simplified_chinese():
    with translation.override("zh-hans"):
        yield


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def travel(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def submitted(staff, department_head):
    with travel(at(D(2026, 10, 9), 17)):
        return weekly.submit(staff, D(2026, 10, 5), **TEXT)


# --- Late is computed from the calendar ------------------------------------------


def test_the_golden_week_report_is_due_on_wednesday_the_last_working_day(staff):
    # 2026-09-28 to 10-04: 国庆 from Thursday 10-01, so the week ends Wednesday 18:00.
    with travel(at(D(2026, 9, 30), 17, 59)):
        on_time = weekly.submit(staff, D(2026, 9, 28), **TEXT)
    assert on_time.deadline == at(D(2026, 9, 30), 18) and not on_time.is_late
    other = UserFactory(roles=[Role.STAFF], department=staff.department, display_name="李娜")
    with travel(at(D(2026, 10, 1), 9)):
        late = weekly.submit(other, D(2026, 9, 28), **TEXT)
    assert late.is_late


def test_the_adjusted_working_saturday_moves_the_deadline_to_saturday(staff):
    # 2026-10-05 to 10-11: 10-10 is a 调休 working Saturday.
    with travel(at(D(2026, 10, 10), 17)):
        report = weekly.submit(staff, D(2026, 10, 5), **TEXT)
    assert report.deadline == at(D(2026, 10, 10), 18) and not report.is_late


def test_submitting_is_one_event_naming_one_version(staff):
    with travel(at(D(2026, 10, 9), 17)), business_events() as events:
        report = weekly.submit(staff, D(2026, 10, 5), **TEXT)
    assert [(e.action, e.details["late"]) for e in events] == [("report.weekly_submit", False)]
    assert [source for source, _id in named(events[0])] == ["reversion.version"]
    assert report.state == WeeklyReport.State.SUBMITTED and report.department == staff.department


# --- Bad input ------------------------------------------------------------------------


def test_a_future_week_is_refused(staff):
    with travel(at(D(2026, 10, 11), 23)), pytest.raises(ValidationError) as refused:
        weekly.submit(staff, D(2026, 10, 12), **TEXT)
    assert "周次" in str(refused.value) and "未来" in str(refused.value)
    assert not WeeklyReport.objects.exists()


def test_a_second_report_of_the_same_week_is_refused(submitted, staff):
    with travel(at(D(2026, 10, 9), 18)), pytest.raises(ValidationError) as refused:
        weekly.submit(staff, D(2026, 10, 5), **{**TEXT, "summary": "另一份"})
    assert "周次" in str(refused.value) and "已提交" in str(refused.value)
    assert WeeklyReport.objects.get().summary == TEXT["summary"]


def test_a_report_without_a_summary_is_refused_and_nothing_is_saved(staff):
    with travel(at(D(2026, 10, 9), 17)), pytest.raises(ValidationError) as refused:
        weekly.submit(staff, D(2026, 10, 5), plan="归档")
    assert "本周总结" in str(refused.value)
    assert not WeeklyReport.objects.exists()


def test_a_draft_is_kept_then_submitted_as_the_same_report(staff):
    with travel(at(D(2026, 10, 8), 10)), business_events() as events:
        draft = weekly.save_draft(staff, D(2026, 10, 5), summary="上半周：整理档案")
    assert [e.action for e in events] == ["report.weekly_draft"]
    with travel(at(D(2026, 10, 12), 9)):
        report = weekly.submit(staff, D(2026, 10, 5), plan="下周：归档")
    assert report.pk == draft.pk and report.summary == "上半周：整理档案" and report.is_late


# --- Editing and signing -------------------------------------------------------------


def test_an_edit_is_a_new_version_and_one_event(submitted, staff):
    with business_events() as events:
        weekly.edit(submitted, staff, improvements="联调前先核对编码和时区")
    assert [(e.action, e.details["fields"]) for e in events] == [("report.weekly_edit", ["improvements"])]
    assert Version.objects.get_for_object(submitted).count() == 2


def test_the_supervisor_signs_with_the_time_in_one_event(submitted, department_head):
    with travel(at(D(2026, 10, 12), 9, 30)), business_events() as events:
        weekly.sign(submitted, department_head)
    submitted.refresh_from_db()
    assert submitted.state == WeeklyReport.State.SIGNED and submitted.signed_by == department_head
    assert timezone.localtime(submitted.signed_at, SHANGHAI) == at(D(2026, 10, 12), 9, 30)
    assert [(e.action, len(named(e))) for e in events] == [("report.weekly_sign", 1)]
    assert Version.objects.get_for_object(submitted).count() == 2


def test_only_the_supervisor_signs(portal_setup, submitted, staff, leader, department):
    colleague = UserFactory(roles=[Role.STAFF], department=department, display_name="李娜")
    for someone in (colleague, leader, staff):
        with pytest.raises(PermissionDenied) as refused:
            weekly.sign(submitted, someone)
        assert "直接上级" in str(refused.value) or "上级" in str(refused.value)
    submitted.refresh_from_db()
    assert submitted.state == WeeklyReport.State.SUBMITTED and submitted.signed_at is None


def test_a_signed_report_is_not_edited_nor_signed_again(submitted, staff, department_head):
    weekly.sign(submitted, department_head)
    with pytest.raises(ValidationError) as refused:
        weekly.edit(submitted, staff, summary="改")
    assert "审核签字" in str(refused.value)
    with pytest.raises(ValidationError):
        weekly.sign(submitted, department_head)
    submitted.refresh_from_db()
    assert submitted.summary == TEXT["summary"]


def refused(statement, params):
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
    return str(error.value)


def test_a_signed_report_is_immutable_in_the_database(submitted, department_head):
    # Before the signature the row changes like any other.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registers_weeklyreport SET improvements = %s WHERE id = %s", ["补充", submitted.pk]
        )
    weekly.sign(submitted, department_head)
    message = refused("UPDATE registers_weeklyreport SET summary = %s WHERE id = %s", ["篡改", submitted.pk])
    assert "signed weekly reports are never changed" in message
    assert "DELETE" in refused("DELETE FROM registers_weeklyreport WHERE id = %s", [submitted.pk])
    submitted.refresh_from_db()
    assert submitted.summary == TEXT["summary"] and submitted.state == WeeklyReport.State.SIGNED


# --- Who reads ------------------------------------------------------------------------


def test_the_author_supervisor_and_leadership_read_it_a_colleague_does_not(
    portal_setup, submitted, staff, department_head, leader, department
):
    colleague = UserFactory(roles=[Role.STAFF], department=department, display_name="李娜")
    reads = {
        name: rules.can(user, Action.VIEW, submitted)
        for name, user in {
            "author": staff,
            "head": department_head,
            "leader": leader,
            "colleague": colleague,
        }.items()
    }
    assert reads == {"author": True, "head": True, "leader": True, "colleague": False}
    listed = WeeklyReport.objects.filter(rules.filter_for(colleague, Action.LIST, WeeklyReport))
    assert not listed.exists()


# --- The front end and the inbox -------------------------------------------------------

FORM = {"summary": "", "problems": "", "plan": "", "improvements": ""}


def test_this_week_s_report_is_kept_then_submitted_from_the_phone_form(client, staff):
    verify_session(client, staff)
    url = reverse("registers:weekly_report")
    with travel(at(D(2026, 10, 8), 11)):
        page = client.get(url).content.decode()
        assert "本周总结" in page and "复制上周计划" in page
        client.post(url, {**FORM, "summary": "整理档案", "draft": "1"})
        assert WeeklyReport.objects.get().state == WeeklyReport.State.DRAFT
        client.post(url, {**FORM, "summary": "整理档案", "plan": "归档", "submit": "1"})
    report = WeeklyReport.objects.get()
    assert (report.week, report.state, report.plan) == (D(2026, 10, 5), WeeklyReport.State.SUBMITTED, "归档")


def test_last_week_s_plan_is_copied_into_this_week_s_summary(client, staff):
    with travel(at(D(2026, 10, 9), 17)):
        weekly.submit(staff, D(2026, 10, 5), **TEXT)
    verify_session(client, staff)
    with travel(at(D(2026, 10, 13), 9)):
        page = client.post(reverse("registers:weekly_report"), {**FORM, "copy_plan": "1"}).content.decode()
    assert f"{TEXT['plan']}</textarea>" in page
    assert WeeklyReport.objects.count() == 1


def test_the_supervisor_signs_from_the_inbox_item_s_page(client, submitted, staff, department_head):
    from portal.inbox import pending_items

    [item] = [i for i in pending_items(department_head) if "周报" in str(i.title)]
    assert staff.display_name in str(item.title) and "2026-10-05" in str(item.title)
    verify_session(client, department_head)
    page = client.get(item.url).content.decode()
    assert TEXT["summary"] in page
    client.post(reverse("registers:weekly_report_sign", args=[submitted.pk]))
    submitted.refresh_from_db()
    assert submitted.state == WeeklyReport.State.SIGNED
    assert not [i for i in pending_items(department_head) if "周报" in str(i.title)]


def test_someone_else_s_sign_is_refused_on_the_page(client, submitted, portal_setup, department):
    colleague = UserFactory(roles=[Role.STAFF], department=department, display_name="李娜")
    verify_session(client, colleague)
    page = client.post(reverse("registers:weekly_report_sign", args=[submitted.pk]), follow=True)
    assert "上级" in page.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == WeeklyReport.State.SUBMITTED


def test_an_explicit_supervisor_and_the_head_above_read_and_only_the_supervisor_signs(
    portal_setup, staff, department, department_head, other_department
):
    from portal.accounts.factories import DepartmentFactory

    top = DepartmentFactory(code="总", name="总经理办公室")
    department.parent = top
    department.save()
    head_above = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=top, display_name="钱总")
    top.heads.add(head_above)
    mentor = UserFactory(roles=[Role.STAFF], department=other_department, display_name="周晴")
    head_other = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=other_department, display_name="吴涛")
    other_department.heads.add(head_other)
    staff.supervisor = mentor
    staff.save()
    with travel(at(D(2026, 10, 9), 17)):
        report = weekly.submit(staff, D(2026, 10, 5), **TEXT)
    assert [rules.can(u, Action.VIEW, report) for u in (mentor, head_above, head_other)] == [
        True,
        True,
        False,
    ]
    with pytest.raises(PermissionDenied):
        weekly.sign(report, department_head)
    weekly.sign(report, mentor)
    report.refresh_from_db()
    assert report.signed_by == mentor


def test_the_trail_verifies_after_a_weekly_report_s_whole_life(staff, department_head):
    from portal.trail.checks import verify

    with travel(at(D(2026, 10, 8), 10)):
        weekly.save_draft(staff, D(2026, 10, 5), summary="上半周")
    with travel(at(D(2026, 10, 9), 17)):
        report = weekly.submit(staff, D(2026, 10, 5), plan="归档")
        weekly.edit(report, staff, improvements="提前核对")
        weekly.sign(report, department_head)
    result = verify()
    assert result.ok, result.problems


def test_a_signed_report_shows_its_sign_off_and_no_form(client, submitted, staff, department_head):
    with travel(at(D(2026, 10, 12), 9, 30)):
        weekly.sign(submitted, department_head)
    verify_session(client, staff)
    page = client.get(f"{reverse('registers:weekly_report')}?week=2026-10-07").content.decode()
    assert "已签阅" in page and "赵敏" in page and "2026-10-12 09:30" in page
    assert "<textarea" not in page and TEXT["summary"] in page
