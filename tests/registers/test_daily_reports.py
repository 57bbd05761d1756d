"""Daily work reports (WRK-1): the working-day calendar (the State Council's
holidays and 调休 working weekends, and the company's own days), deadlines
and lateness computed in Asia/Shanghai, who reads a report (not a
colleague), submitting, editing, the supervisor's annotation and the
author's reply — each action one version per row and one trail event."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from portal.access import rules
from portal.access.rules import Action
from portal.accounts.factories import DepartmentFactory, UserFactory
from portal.accounts.roles import Role
from registers import calendar
from registers.models import DailyReport, ReportComment, WorkingDayOverride
from registers.services import reports
from tests.conftest import verify_session
from tests.portal.access.conftest import grant
from tests.trail_events import business_events, named

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_simplified_chinese():
    """Services' refusals read in the portal's default language."""
    with translation.override("zh-hans"):
        yield


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date


def at(day, hour, minute=0):
    """A moment of ``day`` in Shanghai."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def travel(moment):
    return time_machine.travel(moment, tick=False)


TEXT = {
    "work_done": "完成档案系统接口联调",
    "results": "接口全部通过测试",
    "problems": "编码不一致，统一为 UTF-8 后解决",
    "plan": "整理联调文档",
}


# --- The calendar --------------------------------------------------------------


def test_the_official_calendar_knows_the_holidays_and_the_adjusted_working_weekend(db):
    assert not calendar.is_working_day(D(2026, 10, 1))  # 国庆节, a Thursday
    assert not calendar.is_working_day(D(2026, 9, 25))  # 中秋节, a Friday
    assert calendar.is_working_day(D(2026, 10, 10))  # 调休: a Saturday worked
    assert not calendar.is_working_day(D(2026, 10, 11))
    assert calendar.working_days(D(2026, 9, 24), D(2026, 10, 12)) == [
        D(2026, 9, 24), D(2026, 9, 28), D(2026, 9, 29), D(2026, 9, 30),
        D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12),
    ]  # fmt: skip


def test_a_year_the_package_does_not_know_yet_works_monday_to_friday(db):
    assert calendar.is_working_day(D(2099, 1, 2))  # a Friday
    assert not calendar.is_working_day(D(2099, 1, 3))


@pytest.fixture
def office(portal_setup, department):
    return UserFactory(roles=[Role.ADMINISTRATION_OFFICE], department=department, display_name="郑洁")


def test_the_administration_office_sets_company_days_in_one_event(office):
    with business_events() as events:
        reports.set_working_day(D(2026, 10, 9), False, office, reason="公司年会调休")
    with business_events() as more:
        reports.set_working_day(D(2026, 10, 11), True, office, reason="年终盘点")
    assert not calendar.is_working_day(D(2026, 10, 9))
    assert calendar.is_working_day(D(2026, 10, 11))
    assert D(2026, 10, 9) not in calendar.working_days(D(2026, 10, 8), D(2026, 10, 12))
    assert [(e.action, len(named(e))) for e in events + more] == [("calendar.override", 1)] * 2


def test_a_company_day_needs_a_reason_and_the_administration_office(office, staff):
    with pytest.raises(ValidationError) as refused:
        reports.set_working_day(D(2026, 10, 9), False, office, reason=" ")
    assert "原因" in str(refused.value)
    with pytest.raises(PermissionDenied):
        reports.set_working_day(D(2026, 10, 9), False, staff, reason="想休息")
    assert not WorkingDayOverride.objects.exists()


def test_the_deadline_is_six_in_the_evening_in_shanghai_and_configurable(db):
    assert calendar.deadline_for(D(2026, 10, 9)) == at(D(2026, 10, 9), 18)
    with override_settings(DAILY_REPORT_DEADLINE="17:30"):
        assert calendar.deadline_for(D(2026, 10, 9)) == at(D(2026, 10, 9), 17, 30)


# --- Submitting: late and missing are computed ---------------------------------


def test_a_report_before_six_in_shanghai_is_on_time_after_it_late(staff):
    # 09:59 UTC is 17:59 in Shanghai; 10:01 UTC is 18:01.
    with travel(datetime.datetime(2026, 10, 9, 9, 59, tzinfo=datetime.UTC)):
        on_time = reports.submit(staff, D(2026, 10, 9), **TEXT)
    with travel(datetime.datetime(2026, 10, 10, 10, 1, tzinfo=datetime.UTC)):
        late = reports.submit(staff, D(2026, 10, 10), **TEXT)  # the 调休 Saturday is a working day
    assert not on_time.is_late and late.is_late
    assert (on_time.state, late.state) == (DailyReport.State.SUBMITTED,) * 2


def test_missing_reports_skip_holidays_and_count_the_adjusted_saturday(staff):
    with travel(at(D(2026, 9, 30), 17)):
        reports.submit(staff, D(2026, 9, 30), **TEXT)
    with travel(at(D(2026, 10, 8), 9)):  # back after the holiday, a day late
        late = reports.submit(staff, D(2026, 9, 29), **TEXT)
    assert late.is_late
    now = at(D(2026, 10, 12), 12)
    assert reports.missing_days(staff, D(2026, 9, 28), D(2026, 10, 12), now=now) == [
        D(2026, 9, 28), D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10),
    ]  # fmt: skip
    # Before today's deadline, today is not missing yet.
    assert D(2026, 10, 12) not in reports.missing_days(staff, D(2026, 10, 12), D(2026, 10, 12), now=now)


def test_submitting_is_one_event_naming_one_version(staff):
    with travel(at(D(2026, 10, 9), 17)), business_events() as events:
        report = reports.submit(staff, D(2026, 10, 9), **TEXT)
    assert [(e.action, e.details["late"]) for e in events] == [("report.submit", False)]
    assert [source for source, _id in named(events[0])] == ["reversion.version"]
    assert report.department == staff.department


def test_a_draft_is_kept_then_submitted_as_the_same_report(staff):
    with travel(at(D(2026, 10, 9), 10)):
        draft = reports.save_draft(staff, D(2026, 10, 9), work_done="上午：整理档案")
    assert draft.state == DailyReport.State.DRAFT and draft.submitted_at is None
    with travel(at(D(2026, 10, 9), 19)):
        report = reports.submit(staff, D(2026, 10, 9), plan="明天：归档")
    assert report.pk == draft.pk and report.work_done == "上午：整理档案" and report.is_late


def test_a_future_day_is_refused(staff):
    with travel(at(D(2026, 10, 9), 23, 30)), pytest.raises(ValidationError) as refused:
        reports.submit(staff, D(2026, 10, 10), **TEXT)
    assert "日期" in str(refused.value)
    assert not DailyReport.objects.exists()


def test_a_second_report_of_the_same_day_is_refused(staff):
    with travel(at(D(2026, 10, 9), 17)):
        reports.submit(staff, D(2026, 10, 9), **TEXT)
        with pytest.raises(ValidationError) as refused:
            reports.submit(staff, D(2026, 10, 9), **{**TEXT, "work_done": "另一份"})
    assert "已经提交" in str(refused.value) or "已提交" in str(refused.value)
    assert DailyReport.objects.get().work_done == TEXT["work_done"]


def test_a_non_working_day_needs_a_reason(staff):
    with travel(at(D(2026, 10, 3), 20)):
        with pytest.raises(ValidationError) as refused:
            reports.submit(staff, D(2026, 10, 3), **TEXT)
        assert "非工作日" in str(refused.value)
        assert not DailyReport.objects.exists()
        report = reports.submit(staff, D(2026, 10, 3), non_working_reason="节日值班", **TEXT)
    assert report.non_working_reason == "节日值班"


def test_a_report_without_work_done_is_refused(staff):
    with travel(at(D(2026, 10, 9), 17)), pytest.raises(ValidationError) as refused:
        reports.submit(staff, D(2026, 10, 9), plan="明天：归档")
    assert "工作" in str(refused.value)
    assert not DailyReport.objects.exists()


def test_an_edit_after_submission_is_a_new_version_and_keeps_the_submission_time(staff):
    with travel(at(D(2026, 10, 9), 17)):
        report = reports.submit(staff, D(2026, 10, 9), **TEXT)
    with travel(at(D(2026, 10, 9), 20)), business_events() as events:
        edited = reports.edit(report, staff, results="接口全部通过测试，并补充了用例")
    assert edited.submitted_at == at(D(2026, 10, 9), 17) and not edited.is_late
    assert [(e.action, e.details["fields"]) for e in events] == [("report.edit", ["results"])]
    versions = Version.objects.get_for_object(report)
    assert versions.count() == 2
    assert [v.field_dict["results"] for v in versions] == [edited.results, TEXT["results"]]


def test_only_the_author_edits(staff, department_head):
    with travel(at(D(2026, 10, 9), 17)):
        report = reports.submit(staff, D(2026, 10, 9), **TEXT)
    with pytest.raises(PermissionDenied):
        reports.edit(report, department_head, results="改")
    report.refresh_from_db()
    assert report.results == TEXT["results"]


# --- The thread ------------------------------------------------------------------


@pytest.fixture
def submitted(staff):
    with travel(at(D(2026, 10, 9), 17)):
        return reports.submit(staff, D(2026, 10, 9), **TEXT)


def test_the_supervisor_annotates_and_the_author_replies(submitted, staff, department_head):
    with business_events() as events:
        reports.annotate(submitted, department_head, "接口文档请同步给测试组")
    submitted.refresh_from_db()
    assert submitted.state == DailyReport.State.REVIEWED and submitted.reviewed_by == department_head
    assert [(e.action, len(named(e))) for e in events] == [("report.annotate", 2)]
    with business_events() as events:
        reports.reply(submitted, staff, "已同步")
    assert [e.action for e in events] == ["report.reply"]
    assert [(c.kind, c.author, c.text) for c in submitted.comments.all()] == [
        (ReportComment.Kind.ANNOTATION, department_head, "接口文档请同步给测试组"),
        (ReportComment.Kind.REPLY, staff, "已同步"),
    ]


def test_only_the_supervisor_annotates(portal_setup, submitted, staff, leader, department, department_head):
    colleague = UserFactory(roles=[Role.STAFF], department=department, display_name="李娜")
    for someone in (colleague, leader, staff):
        with pytest.raises(PermissionDenied):
            reports.annotate(submitted, someone, "看过")
    submitted.refresh_from_db()
    assert submitted.state == DailyReport.State.SUBMITTED and not submitted.comments.exists()


def test_a_draft_is_not_annotated_and_a_reply_needs_an_annotation(staff, department_head):
    with travel(at(D(2026, 10, 9), 10)):
        draft = reports.save_draft(staff, D(2026, 10, 9), work_done="上午")
    with pytest.raises(PermissionDenied):
        reports.annotate(draft, department_head, "看过")
    with travel(at(D(2026, 10, 9), 17)):
        report = reports.submit(staff, D(2026, 10, 9))
    with pytest.raises(ValidationError) as refused:
        reports.reply(report, staff, "补充")
    assert "批注" in str(refused.value)
    with pytest.raises(PermissionDenied):
        reports.reply(report, department_head, "补充")
    assert not ReportComment.objects.exists()


def test_an_explicit_supervisor_annotates_instead_of_the_head(
    submitted, staff, department_head, other_department
):
    mentor = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=other_department, display_name="钱明")
    staff.supervisor = mentor
    staff.save()
    with pytest.raises(PermissionDenied):
        reports.annotate(submitted, department_head, "看过")
    reports.annotate(submitted, mentor, "很好")
    assert submitted.comments.get().author == mentor


# --- Who reads a report ------------------------------------------------------------

READERS = {"author", "supervisor", "head_same", "head_above", "leader", "grantee"}
EVERYONE = READERS | {"colleague", "staff_other", "head_other", "archivist", "internal_audit", "it"}


@pytest.fixture
def readers_world(portal_setup, department, other_department):
    top = DepartmentFactory(code="总", name="总经理办公室")
    department.parent = top
    department.save()
    people = {
        "author": UserFactory(roles=[Role.STAFF], department=department, display_name="孙丽"),
        "colleague": UserFactory(roles=[Role.STAFF], department=department, display_name="李娜"),
        "head_same": UserFactory(roles=[Role.DEPARTMENT_HEAD], department=department, display_name="赵敏"),
        "head_above": UserFactory(roles=[Role.DEPARTMENT_HEAD], department=top, display_name="钱总"),
        "supervisor": UserFactory(roles=[Role.STAFF], department=other_department, display_name="周晴"),
        "staff_other": UserFactory(roles=[Role.STAFF], department=other_department, display_name="陈刚"),
        "head_other": UserFactory(
            roles=[Role.DEPARTMENT_HEAD], department=other_department, display_name="吴涛"
        ),
        "leader": UserFactory(roles=[Role.LEADERSHIP], department=top, display_name="王建国"),
        "archivist": UserFactory(roles=[Role.ARCHIVIST], department=department, display_name="何梅"),
        "internal_audit": UserFactory(
            roles=[Role.INTERNAL_AUDIT], department=department, display_name="郭云"
        ),
        "it": UserFactory(roles=[Role.IT], department=department, display_name="许强"),
        "grantee": UserFactory(roles=[Role.STAFF], department=other_department, display_name="林涛"),
    }
    department.heads.add(people["head_same"])
    top.heads.add(people["head_above"])
    other_department.heads.add(people["head_other"])
    people["author"].supervisor = people["supervisor"]
    people["author"].save()
    with travel(at(D(2026, 10, 9), 17)):
        report = reports.submit(people["author"], D(2026, 10, 9), **TEXT)
    grant(people["grantee"], people["leader"], record=report)
    return people, report


def test_a_report_is_read_by_its_author_supervisor_heads_above_and_leadership_only(readers_world):
    people, report = readers_world
    found = set()
    for name in sorted(EVERYONE):
        user = people[name]
        reads = rules.can(user, Action.VIEW, report)
        listed = DailyReport.objects.filter(
            rules.filter_for(user, Action.LIST, DailyReport), pk=report.pk
        ).exists()
        assert listed is reads, name
        if reads:
            found.add(name)
    assert found == READERS


def test_a_colleague_does_not_read_it_even_listing_the_department(readers_world):
    people, _report = readers_world
    colleague = people["colleague"]
    assert not DailyReport.objects.filter(rules.filter_for(colleague, Action.LIST, DailyReport)).exists()


# --- Today's report on a phone -------------------------------------------------------

FORM = {"work_done": "", "results": "", "problems": "", "plan": "", "non_working_reason": ""}


def test_today_s_report_is_kept_as_a_draft_then_submitted_from_the_front_end(client, staff):
    verify_session(client, staff)
    url = reverse("registers:daily_report")
    with travel(at(D(2026, 10, 9), 11)):
        page = client.get(url).content.decode()
        assert "今日工作" in page and "复制昨日计划" in page
        client.post(url, {**FORM, "work_done": "上午：整理档案", "draft": "1"})
        assert DailyReport.objects.get().state == DailyReport.State.DRAFT
    with travel(at(D(2026, 10, 9), 17)):
        client.post(url, {**FORM, "work_done": "上午：整理档案", "plan": "归档", "submit": "1"})
    report = DailyReport.objects.get()
    assert (report.state, report.plan, report.is_late) == (DailyReport.State.SUBMITTED, "归档", False)


def test_yesterday_s_plan_is_copied_into_today_s_work(client, staff):
    with travel(at(D(2026, 10, 9), 17)):
        reports.submit(staff, D(2026, 10, 9), **{**TEXT, "plan": "整理联调文档"})
    verify_session(client, staff)
    with travel(at(D(2026, 10, 10), 9)):  # the adjusted working Saturday
        page = client.post(reverse("registers:daily_report"), {**FORM, "copy_plan": "1"}).content.decode()
    assert "整理联调文档</textarea>" in page
    assert DailyReport.objects.count() == 1  # copying saves nothing


def test_the_front_end_names_the_field_it_refuses(client, staff):
    verify_session(client, staff)
    with travel(at(D(2026, 10, 9), 17)):
        page = client.post(reverse("registers:daily_report"), {**FORM, "submit": "1"}).content.decode()
    assert "今日工作：请填写当天完成的工作。" in page
    assert not DailyReport.objects.exists()


def test_the_trail_verifies_after_a_report_s_whole_life(office, staff, department_head):
    from portal.trail.checks import verify

    reports.set_working_day(D(2026, 10, 11), True, office, reason="年终盘点")
    with travel(at(D(2026, 10, 9), 10)):
        reports.save_draft(staff, D(2026, 10, 9), work_done="上午")
    with travel(at(D(2026, 10, 9), 17)):
        report = reports.submit(staff, D(2026, 10, 9), plan="归档")
    with travel(at(D(2026, 10, 9), 20)):
        reports.edit(report, staff, results="完成")
        reports.annotate(report, department_head, "好")
        reports.reply(report, staff, "收到")
    report = verify()
    assert report.ok, report.problems


def test_the_author_sees_the_annotation_in_the_inbox_until_replying(
    client, submitted, staff, department_head
):
    from portal.inbox import pending_items

    reports.annotate(submitted, department_head, "接口文档请同步给测试组")
    [item] = [i for i in pending_items(staff) if "批注" in str(i.title)]
    assert "2026-10-09" in str(item.title) and "接口文档请同步给测试组" in item.detail
    verify_session(client, staff)
    page = client.get(item.url).content.decode()
    assert "接口文档请同步给测试组" in page and TEXT["work_done"] in page
    reports.reply(submitted, staff, "已同步")
    assert not [i for i in pending_items(staff) if "批注" in str(i.title)]
