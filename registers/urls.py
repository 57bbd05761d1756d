from django.urls import path

from .views import dashboard, department_reports, front, meetings, monthly, projects, reports, weekly

app_name = "registers"
PLAN = "registers/projects/<int:project_id>/plan/"

urlpatterns = [
    path("registers/circulation/<int:pk>/comment/", front.comment, name="circulation_comment"),
    path("registers/meetings/<int:page_id>/notice/", meetings.notice, name="meeting_notice"),
    path(
        "registers/meetings/<int:page_id>/paper-sign-in/",
        meetings.paper_sign_in,
        name="meeting_paper_sign_in",
    ),
    path("registers/meetings/attendance/<int:pk>/respond/", meetings.respond, name="meeting_respond"),
    path("registers/meetings/attendance/<int:pk>/check-in/", meetings.check_in, name="meeting_check_in"),
    path("reports/daily/", reports.today, name="daily_report"),
    path("reports/team/", dashboard.team, name="report_dashboard"),
    path(
        "reports/department/",
        department_reports.department_report,
        name="department_monthly_report",
    ),
    path(
        "reports/departments/",
        department_reports.department_reports,
        name="department_monthly_reports",
    ),
    path("reports/weekly/", weekly.this_week, name="weekly_report"),
    path("reports/monthly/", monthly.this_month, name="monthly_report"),
    path("reports/weekly/to-sign/", weekly.to_sign, name="weekly_reports_to_sign"),
    path("reports/weekly/<int:pk>/sign/", weekly.sign, name="weekly_report_sign"),
    path(PLAN, projects.plan, name="project_plan"),
    path(f"{PLAN}timeline.svg", projects.timeline, name="project_timeline"),
    path(f"{PLAN}history/", projects.history, name="project_plan_history"),
    path(f"{PLAN}stages/new/", projects.stage_form, name="project_stage_add"),
    path(f"{PLAN}stages/<int:pk>/", projects.stage_form, name="project_stage_edit"),
    path(f"{PLAN}tasks/new/", projects.task_form, name="project_task_add"),
    path(f"{PLAN}tasks/<int:pk>/", projects.task_form, name="project_task_edit"),
    path(f"{PLAN}notes/new/", projects.note_form, name="project_note_add"),
    path(f"{PLAN}notes/<int:pk>/", projects.note_form, name="project_note_edit"),
]
