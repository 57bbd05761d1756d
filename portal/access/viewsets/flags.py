from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import RefusalFlag


class RefusalFlagViewSet(ModelViewSet):
    """Read-only: flags are raised by the portal, not written by people."""

    model = RefusalFlag
    icon = "warning"
    menu_label = _("Repeated refusals")
    url_prefix = "access/flags"
    name = "access_flags"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["user"]
    list_display = [
        "user",  # the title column: links to the flag
        Column("refusals", label=_("Refusals")),
        DateColumn("window_start", label=_("First refusal at")),
        DateColumn("raised_at", label=_("Raised at")),
    ]
    inspect_view_fields = ["user", "refusals", "window_start", "raised_at"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def register_admin_url_finder(self):
        pass
