from django.urls import path

from .views import signin, two_factor

app_name = "accounts"

urlpatterns = [
    path("login/", signin.SignInView.as_view(), name="login"),
    path("logout/", signin.SignOutView.as_view(), name="logout"),
    path("language/", signin.set_language, name="set_language"),
    path("two-factor/enrol/", two_factor.enrol, name="enrol"),
    path("two-factor/verify/", two_factor.verify, name="verify"),
]
