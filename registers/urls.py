from django.urls import path

from .views import front

app_name = "registers"

urlpatterns = [
    path("registers/circulation/<int:pk>/comment/", front.comment, name="circulation_comment"),
]
