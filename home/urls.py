from django.urls import path

from . import views

urlpatterns = [
    path("help/", views.manual, name="help"),
    path("help/images/<str:name>", views.manual_image, name="manual_image"),
    path("search/", views.search, name="portal_search"),
    path("history/<int:page_id>/", views.history, name="record_history"),
    path("training/<int:page_id>/confirm/", views.confirm_training, name="training_confirm"),
    path("training/<int:page_id>/report/", views.training_report, name="training_report"),
]
