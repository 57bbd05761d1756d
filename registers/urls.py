from django.urls import path

from .views import front, meetings, reports

app_name = "registers"

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
]
