from django.http import Http404, HttpResponse
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.urls import reports as wagtailadmin_reports_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.access.admin_views import report_urlpatterns
from portal.access.views.files import serve_media


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def switched_off(request, *args, **kwargs):
    raise Http404


# Wagtail addresses that give users nothing, answered as unknown: the
# administrators' error test (it raises a server error on purpose).
SWITCHED_OFF = ["admin/failwhale/"]


urlpatterns = [
    path("healthz", healthz),
    *(path(route, switched_off) for route in SWITCHED_OFF),
    *report_urlpatterns(wagtailadmin_reports_urls.urlpatterns),
    path("accounts/", include("portal.accounts.urls")),
    path("access/", include("portal.access.urls")),
    # One sign-in page for the site and the admin.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("home.urls")),
    path("", include("portal.inbox.urls")),
    path("", include("registers.urls")),
    # Uploaded files are never served by the web server directly: every
    # request passes the sign-in and the access checks of the file's record.
    re_path(r"^media/(?P<path>.*)$", serve_media, name="media"),
    path("", include(wagtail_urls)),
]
