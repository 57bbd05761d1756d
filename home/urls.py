from django.urls import path

from . import views

urlpatterns = [
    path("help/", views.manual, name="help"),
    path("help/images/<str:name>", views.manual_image, name="manual_image"),
    path("search/", views.search, name="portal_search"),
    path("history/<int:page_id>/", views.history, name="record_history"),
    path("projects/<int:page_id>/dossier/", views.dossier, name="project_dossier"),
    path("projects/<int:page_id>/dossier.zip", views.dossier_zip, name="project_dossier_zip"),
    path("training/<int:page_id>/confirm/", views.confirm_training, name="training_confirm"),
    path("training/<int:page_id>/report/", views.training_report, name="training_report"),
]
