from django.urls import path

from .views import requests

app_name = "access"

urlpatterns = [
    path("request/", requests.request_access, name="request"),
    path("requests/", requests.my_requests, name="my_requests"),
]
