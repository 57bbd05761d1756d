"""Demo data for ``seed_demo`` (the ``liuhen_seed_demo`` hook): an internal
record of the administration office circulated by its head to the office and
to leadership, read and commented on by one reader, with the paper slip's
signature recorded by the archivist. Everything goes through the services,
so the demo trail reads like real use."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.access.levels import Level
from portal.access.rules import controlled_page_models
from portal.accounts.models import Department

from .models import (
    Circulation,
    CirculationReceipt,
    CommunicationNote,
    DailyReport,
    DepartmentMonthlyReport,
    FollowUpExtension,
    FollowUpProgress,
    FollowUpTask,
    MeetingAttendance,
    MonthlyReport,
    PlanStage,
    PlanTask,
    ProjectPlan,
    ReportComment,
    ReportReminder,
    WeeklyReport,
)
from .services import circulation as service

User = get_user_model()


def _record(department):
    for model in controlled_page_models():
        page = (
            model.objects.live()
            .filter(department=department, confidentiality=Level.INTERNAL)
            .order_by("-depth")
            .first()
        )
        if page is not None:
            return page
    return None


def seed_demo(seed):
    office = Department.objects.filter(code="行").first()
    users = {
        u.username: u for u in User.objects.filter(username__in=["zhaomin", "sunli", "wangjianguo", "hemei"])
    }
    page = _record(office) if office else None
    if page is None or len(users) < 4:
        return
    recipients = service.expand_recipients([users["wangjianguo"], users["hemei"]], [office], [])
    circulation = service.circulate(
        page,
        users["zhaomin"],
        recipients=recipients,
        kind=Circulation.Kind.ACTION,
        instruction="请于本周五前阅毕并签署意见。",
        deadline=timezone.now() + datetime.timedelta(days=3),
    )
    service.record_read(page, users["sunli"])
    receipt = CirculationReceipt.objects.get(circulation=circulation, recipient=users["sunli"])
    service.add_comment(receipt, users["sunli"], "已阅，按通知要求落实。")
    service.record_paper_signature(receipt, users["hemei"], signed_by="孙丽", signed_on=timezone.localdate())


def reset_demo(usernames, department_codes):
    """Remove the demo's circulations, meeting attendance, project plans and
    follow-up tasks (``liuhen_reset_demo``)."""
    MeetingAttendance.objects.filter(department__code__in=department_codes).delete()
    circulations = Circulation.objects.filter(sender__username__in=usernames) | Circulation.objects.filter(
        department__code__in=department_codes
    )
    CirculationReceipt.objects.filter(circulation__in=circulations.values("pk")).delete()
    Circulation.objects.filter(pk__in=circulations.values("pk")).delete()
    # The demo projects' plans (home.demo_plan), before their pages go.
    plans = ProjectPlan.objects.filter(department__code__in=department_codes)
    PlanTask.objects.filter(stage__plan__in=plans).delete()
    PlanStage.objects.filter(plan__in=plans).delete()
    CommunicationNote.objects.filter(plan__in=plans).delete()
    plans.delete()
    tasks = FollowUpTask.objects.filter(opened_by__username__in=usernames) | FollowUpTask.objects.filter(
        department__code__in=department_codes
    )
    task_ids = list(tasks.values_list("pk", flat=True))
    FollowUpProgress.objects.filter(task__in=task_ids).delete()
    FollowUpExtension.objects.filter(task__in=task_ids).delete()
    FollowUpTask.objects.filter(pk__in=task_ids).delete()
    # The demo's daily reports (home.demo_reports) and the reminders about them.
    daily = DailyReport.objects.filter(department__code__in=department_codes) | DailyReport.objects.filter(
        author__username__in=usernames
    )
    ReportComment.objects.filter(report__in=daily.values("pk")).delete()
    DailyReport.objects.filter(pk__in=daily.values("pk")).delete()
    ReportReminder.objects.filter(recipient__username__in=usernames).delete()
    # Their weekly and monthly reports and the departments' monthly reports.
    # A signed weekly report never changes: the database refuses even its
    # deletion, so the guard is lifted for this deletion only, inside the
    # reset's disposal authority (seed_demo --reset), and put back at once.
    DepartmentMonthlyReport.objects.filter(department__code__in=department_codes).delete()
    MonthlyReport.objects.filter(author__username__in=usernames).delete()
    _delete_weekly_reports(WeeklyReport.objects.filter(author__username__in=usernames))


def _delete_weekly_reports(reports):
    from django.db import connection

    from portal.access.deletion import disposal_authority

    from .triggers import SIGNED_WEEKLY_REPORTS

    if not reports.filter(state=WeeklyReport.State.SIGNED).exists():
        reports.delete()
        return
    if disposal_authority() is None:
        raise RuntimeError("signed weekly reports are removed only by an authorised disposal")
    SIGNED_WEEKLY_REPORTS.drop(connection)
    try:
        reports.delete()
    finally:
        SIGNED_WEEKLY_REPORTS.install(connection)
