from django.urls import path

from .views import front, reports

app_name = "registers"

urlpatterns = [
    path("registers/circulation/<int:pk>/comment/", front.comment, name="circulation_comment"),
    path("reports/daily/", reports.today, name="daily_report"),
]
