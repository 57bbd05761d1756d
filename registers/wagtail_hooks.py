"""Where the registers plug into Wagtail and the portal: the admin menu and
page buttons, page serving (read receipts), the inbox, the dashboard, the
record history, periodic jobs and the demo."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.access import rules
from portal.access.rules import Action
from portal.accounts.roles import Role
from portal.approvals import page_header
from portal.inbox import QuickAction
from portal.inbox.panels import PendingItemsPanel

from . import buttons, demo, history, pending, triggers
from .actions import ACTIONS
from .permissions import may_open_register
from .report_viewsets import (
    DailyReportViewSet,
    DepartmentMonthlyReportViewSet,
    MonthlyReportViewSet,
    WeeklyReportViewSet,
)
from .services import circulation as service
from .services import followup
from .services.reports import may_keep_calendar
from .viewsets import CirculationViewSet, FollowUpViewSet


@hooks.register("register_admin_viewset")
def register_circulation_viewset():
    return CirculationViewSet()


@hooks.register("register_admin_viewset")
def register_followup_viewset():
    return FollowUpViewSet()


@hooks.register("register_admin_viewset")
def register_daily_report_viewset():
    return DailyReportViewSet()


@hooks.register("register_admin_viewset")
def register_weekly_report_viewset():
    return WeeklyReportViewSet()


@hooks.register("register_admin_viewset")
def register_monthly_report_viewset():
    return MonthlyReportViewSet()


@hooks.register("register_admin_viewset")
def register_department_monthly_report_viewset():
    return DepartmentMonthlyReportViewSet()


@hooks.register("register_admin_urls")
def register_working_day_urls():
    from django.urls import path

    from .views.working_days import working_days

    return [path("registers/working-days/", working_days, name="working_days")]


class WorkingDaysMenuItem(MenuItem):
    def is_shown(self, request):
        return may_keep_calendar(request.user)


@hooks.register("register_admin_menu_item")
def register_working_days_menu_item():
    return WorkingDaysMenuItem(
        gettext_lazy("Working days"), reverse("working_days"), icon_name="date", order=330
    )


@hooks.register("liuhen_role_permissions")
def daily_report_role_permissions():
    # Everyone who works in the admin opens the daily, weekly and monthly
    # reports; the access rule narrows them to the reports each may read
    # (their own, their staff's, their departments'). The department
    # monthly reports are the heads' and the leadership's. Reports change
    # only through their services and the thread's forms.
    reports = ("registers.view_dailyreport", "registers.view_weeklyreport", "registers.view_monthlyreport")
    readers = {role: {"models": reports} for role in Role if role != Role.EXTERNAL_AUDITOR}
    for role in (Role.DEPARTMENT_HEAD, Role.LEADERSHIP):
        readers[role] = {"models": (*reports, "registers.view_departmentmonthlyreport")}
    return readers


@hooks.register("liuhen_role_permissions")
def followup_role_permissions():
    # Every role that works in the admin opens the 督办 register; the access
    # rule narrows it to the tasks each may read. Tasks change only through
    # their services: nobody adds, edits or deletes them in a form.
    everyone = {"models": ("registers.view_followuptask",)}
    return {role: everyone for role in Role if role != Role.EXTERNAL_AUDITOR}


@hooks.register("register_log_actions")
def register_circulation_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


# Runs after the access check (order 0): a refused reader never gets here,
# and the rule is asked again so that a read is recorded only for a reader.
@hooks.register("before_serve_page", order=100)
def record_circulation_read(page, request, serve_args, serve_kwargs):
    if request.method == "GET" and rules.can(request.user, Action.VIEW, page.specific):
        service.record_read(page, request.user, request=request)


@hooks.register("register_page_header_buttons")
def page_header_circulation_buttons(page, user, view_name, next_url=None):
    for button in buttons.circulation_buttons(page, user):
        yield page_header.visible(button, view_name)


@hooks.register("register_page_header_buttons")
def page_header_meeting_buttons(page, user, view_name, next_url=None):
    for button in buttons.meeting_buttons(page, user):
        yield page_header.visible(button, view_name)


@hooks.register("register_page_listing_more_buttons")
def page_listing_circulation_buttons(page, user, next_url=None):
    yield from buttons.circulation_buttons(page, user)


@hooks.register("liuhen_pending_items")
def circulated_records_to_read(user):
    return pending.records_to_read(user)


@hooks.register("liuhen_pending_items")
def meetings_to_answer(user):
    return pending.meetings_to_answer(user)


@hooks.register("liuhen_pending_items")
def daily_report_annotations_to_read(user):
    return pending.annotations_to_read(user)


@hooks.register("liuhen_pending_items")
def weekly_reports_to_sign(user):
    return pending.weekly_reports_to_sign(user)


@hooks.register("liuhen_pending_items")
def department_reports_to_comment(user):
    return pending.department_reports_to_comment(user)


@hooks.register("liuhen_pending_items")
def department_reports_to_submit(user):
    return pending.department_reports_to_submit(user)


@hooks.register("liuhen_database_guards")
def signed_weekly_report_guards():
    return triggers.SIGNED_WEEKLY_REPORTS


@hooks.register("liuhen_pending_items")
def followup_pending_items(user):
    return pending.followup_items(user)


@hooks.register("liuhen_quick_actions")
def circulate_quick_action(user):
    if may_open_register(user):
        yield QuickAction(
            _("Circulate a record"),
            reverse("circulations:choose_record"),
            hint=_("Send a published record to colleagues to read, with a deadline."),
            order=20,
        )


@hooks.register("liuhen_quick_actions")
def daily_report_quick_action(user):
    if user.is_authenticated and user.is_active and user.department_id:
        yield QuickAction(
            _("Write today's daily report"),
            reverse("registers:daily_report"),
            hint=_("Work done, results, problems and tomorrow's plan; works on a phone."),
            order=30,
        )


@hooks.register("liuhen_quick_actions")
def report_dashboard_quick_action(user):
    from .services.dashboard import may_see_grid

    if user.is_authenticated and user.is_active and may_see_grid(user):
        yield QuickAction(
            _("My team's reports"),
            reverse("registers:report_dashboard"),
            hint=_("This week's daily reports of your staff: on time, late, missing, annotated."),
            order=31,
        )


@hooks.register("liuhen_quick_actions")
def department_report_quick_action(user):
    from .services.monthly import is_leadership

    if not (user.is_authenticated and user.is_active):
        return
    if is_leadership(user):
        yield QuickAction(
            _("Department monthly reports"),
            reverse("registers:department_monthly_reports"),
            hint=_("Each department's monthly report and daily-report submission rate; comment on them."),
            order=32,
        )
    elif user.headed_departments.exists():
        yield QuickAction(
            _("Department monthly reports"),
            reverse("registers:department_monthly_report"),
            hint=_("Compose your department's monthly report from the staff's and submit it."),
            order=32,
        )


@hooks.register("construct_homepage_panels")
def show_pending_items(request, panels):
    panels.append(PendingItemsPanel(request.user))


@hooks.register("liuhen_record_history")
def circulation_history(page, request):
    return history.circulation_section(page, request)


@hooks.register("liuhen_record_history")
def attendance_history(page, request):
    return history.attendance_section(page, request)


@hooks.register("liuhen_record_history")
def project_plan_history(page, request):
    return history.plan_section(page, request)


@hooks.register("liuhen_record_history")
def followup_history(page, request):
    return history.followup_section(page, request)


@hooks.register("liuhen_project_dossier")
def project_plan_dossier(page, user):
    from . import dossier

    return dossier.plan_section(page, user)


@hooks.register("liuhen_periodic")
def remind_unread_circulations():
    sent = service.send_reminders()
    return _("Circulation reminders sent: %(count)s.") % {"count": sent} if sent else None


@hooks.register("liuhen_periodic")
def remind_followup_tasks():
    sent = followup.send_reminders()
    return _("Follow-up reminders sent: %(count)s.") % {"count": sent} if sent else None


@hooks.register("liuhen_periodic")
def remind_daily_reports():
    from .services import reports

    sent = reports.send_reminders()
    return _("Daily report reminders sent: %(count)s.") % {"count": sent} if sent else None


@hooks.register("liuhen_seed_demo")
def seed_circulation_demo(seed):
    demo.seed_demo(seed)


# Before the other apps' resets: attendance rows refer to the scanned sheets
# (documents) and circulations to the pages those resets remove.
@hooks.register("liuhen_reset_demo", order=-10)
def reset_circulation_demo(usernames, department_codes):
    demo.reset_demo(usernames, department_codes)


@hooks.register("liuhen_search_models")
def searchable_registers():
    from .models import Circulation, DailyReport, FollowUpTask

    return [Circulation, DailyReport, FollowUpTask]
