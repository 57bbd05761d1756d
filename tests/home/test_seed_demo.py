import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from home.models import (
    DocumentPage,
    MeetingPage,
    PolicyLibraryPage,
    PolicyPage,
    PolicyStatus,
    SectionPage,
    TrainingPage,
)
from portal.accounts.models import Department, User
from portal.accounts.roles import Role
from portal.trail.models import Event

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_an_organisation_and_is_idempotent(capsys):
    call_command("seed_demo")
    printed = capsys.readouterr().out
    departments = Department.objects.count()
    users = User.objects.count()
    assert departments >= 4
    assert Department.objects.filter(heads__isnull=False).distinct().count() >= 4
    for role in Role:
        assert Group.objects.get(name=role.group_name).user_set.exists(), role
    assert SectionPage.objects.filter(depth=3).count() >= 4
    assert SectionPage.objects.filter(depth=4).exists()

    # Policies from the company's own policy, in Simplified Chinese, one of
    # them superseding its first version; training with confirmations, some
    # missing and late; numbered documents and a contract.
    policy = PolicyPage.objects.get(title="全程留痕管理制度")
    assert policy.status == PolicyStatus.IN_FORCE
    assert policy.supersedes.status == PolicyStatus.SUPERSEDED
    assert [block.value["heading"] for block in policy.body][:2] == ["总则", "留痕迹管理的范围及方式"]
    assert "真实性原则" in str(policy.body[0].value["clauses"][2])
    assert PolicyPage.objects.filter(repealed=True).exists()
    assert PolicyLibraryPage.objects.count() == 1
    training = TrainingPage.objects.get(title__contains="全员培训")
    assert 0 < training.confirmations.count() < training.audience().count()
    assert training.is_late()
    numbers = set(DocumentPage.objects.live().values_list("document_number", flat=True))
    assert {n for n in numbers if "行字第" in n}
    assert DocumentPage.objects.live().get(kind="contract").amount > 0
    # A notice waiting for the leadership, a contract in countersign.
    waiting = {
        page.title: page.current_workflow_task.name
        for page in DocumentPage.objects.filter(live=False)
        if page.current_workflow_task is not None
    }
    assert waiting == {
        "关于2026年度档案集中整理归档工作的通知": "公司领导审批",
        "2027年度信息系统运维服务合同": "会签",
    }
    assert DocumentPage.objects.filter(live=False, document_number="").exists()
    pages = PolicyPage.objects.count(), TrainingPage.objects.count(), DocumentPage.objects.count()

    # The printed table gives each account a password and two backup codes
    # that really sign in.
    row = next(line for line in printed.splitlines() if line.startswith("wangjianguo"))
    password, code, _other = row.split()[-3:]
    client = Client()
    client.post("/accounts/login/", {"username": "wangjianguo", "password": password})
    assert client.post("/accounts/two-factor/verify/", {"token": code}).status_code == 302
    assert client.get("/admin/").status_code == 200

    call_command("seed_demo")
    assert Department.objects.count() == departments
    assert User.objects.count() == users
    assert (PolicyPage.objects.count(), TrainingPage.objects.count(), DocumentPage.objects.count()) == pages
    again = capsys.readouterr().out
    assert code not in again.split("wangjianguo")[1].splitlines()[0], "a used code is not printed again"

    from registers.models import DailyReport

    daily_reports = DailyReport.objects.count()
    call_command("seed_demo", "--reset")
    # The demo's daily reports go with the reset and come back once.
    assert DailyReport.objects.count() == daily_reports > 0
    assert Department.objects.count() == departments
    assert User.objects.count() == users
    assert (PolicyPage.objects.count(), TrainingPage.objects.count(), DocumentPage.objects.count()) == pages
    assert PolicyLibraryPage.objects.count() == 1


def test_the_seeded_demo_verifies_with_its_history_made_in_the_past(capsys):
    """The first thing a compliance officer checks on a new portal: the trail
    of the demo, made as users make records, verifies."""
    call_command("seed_demo")
    capsys.readouterr()
    call_command("trail", "verify")
    assert capsys.readouterr().out.startswith("OK ")

    # The training was issued three weeks ago, with the clock set back: its
    # live revision and its trail events say so, and the chain still holds.
    training = TrainingPage.objects.get(title__contains="全员培训")
    issued = training.first_published_at
    assert (timezone.now() - issued).days == 20
    assert training.live_revision.created_at == pytest.approx(issued, abs=datetime.timedelta(seconds=5))
    confirmed = Event.objects.filter(action="training.confirm", target_id=str(training.pk)).order_by("id")
    times = [event.at for event in confirmed]
    assert times[0] < timezone.now() - datetime.timedelta(days=5)
    assert all(issued < at for at in times)

    # Two meetings, each live in its department's 会议 section through its approval.
    meetings = {m.title: m for m in MeetingPage.objects.live()}
    assert set(meetings) == {"2026年第四季度留痕工作推进会", "留痕门户二期项目评审会"}
    held = meetings["2026年第四季度留痕工作推进会"]
    assert held.get_parent().title == "会议" and held.starts_at < timezone.now()
    assert held.agenda_items.count() == 4 and held.current_workflow_state is None
    assert meetings["留痕门户二期项目评审会"].starts_at > timezone.now()

    # Their notices went out through circulation; the held meeting's answers
    # (a delegate, a decline) and its paper sign-in sheet recorded by the
    # archivist; the coming meeting still waits for some answers.
    from registers.models import Circulation, MeetingAttendance

    assert Circulation.objects.filter(page__in=meetings.values()).count() == 2
    answers = dict(MeetingAttendance.objects.filter(page=held).values_list("attendee__username", "response"))
    assert answers["chenjing"] == "delegate" and answers["wuhao"] == "decline"
    on_paper = MeetingAttendance.objects.filter(
        page=held, check_in_method="paper", recorded_by__username="hemei"
    )
    assert on_paper.count() == 6
    coming = MeetingAttendance.objects.filter(page=meetings["留痕门户二期项目评审会"])
    assert set(coming.filter(response="pending").values_list("attendee__username", flat=True)) == {
        "zhaomin",
        "qianfeng",
        "zhengyu",
    }

    # A small project accepted by both its acceptors and closed by its summary.
    from home.models import ProjectPage

    closed = ProjectPage.objects.get(slug="meeting-room-booking")
    assert closed.is_closed and closed.missing_documents() == []
    assert [user.username for user in closed.acceptance().sign_off()[0]] == ["hemei", "qianfeng"]

    # R&D's month of daily reports: most on time, some late, a few missing,
    # several annotated by the head and answered; each made at its own time.
    from registers import calendar
    from registers.models import DailyReport, ReportComment
    from registers.services import reports

    rd = DailyReport.objects.filter(department__code="技")
    days = calendar.working_days(timezone.localdate() - datetime.timedelta(days=60), timezone.localdate())
    assert rd.count() > 20 and set(rd.values_list("date", flat=True)) <= set(days)
    late = [report for report in rd if report.is_late]
    assert 0 < len(late) < rd.count() // 4
    zhengyu = User.objects.get(username="zhengyu")
    first, last = min(rd.values_list("date", flat=True)), max(rd.values_list("date", flat=True))
    assert len(reports.missing_days(zhengyu, first, last)) == 2
    annotated = rd.filter(state=DailyReport.State.REVIEWED, reviewed_by__username="wuhao")
    assert annotated.count() >= 4
    replies = ReportComment.objects.filter(report__in=annotated, kind="reply")
    assert replies.exists() and all(c.created_at > c.report.reviewed_at for c in replies)
    submits = Event.objects.filter(action="report.submit", target_id__in=[str(r.pk) for r in late])
    assert sorted(e.at for e in submits) == sorted(r.submitted_at for r in late)
    assert all(timezone.localtime(r.submitted_at).hour >= 18 for r in late)
