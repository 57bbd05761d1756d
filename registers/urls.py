from django.urls import path

from .views import front

app_name = "registers"

urlpatterns = [
    path("inbox/", front.inbox, name="inbox"),
    path("registers/circulation/<int:pk>/comment/", front.comment, name="circulation_comment"),
]
