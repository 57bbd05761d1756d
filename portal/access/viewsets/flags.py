from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from portal.formatting import RelativeTimeColumn

from ..models import RefusalFlag
from .registers import AccessControlledViewSet, RecordIndexView


class RefusalFlagIndexView(RecordIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")


class RefusalFlagViewSet(AccessControlledViewSet):
    """Read-only: flags are raised by the portal, not written by people.
    Whom the rule lets read one: see ``RefusalFlag``."""

    model = RefusalFlag
    icon = "warning"
    menu_label = _("Repeated refusals")
    url_prefix = "access/flags"
    name = "access_flags"
    add_to_admin_menu = False
    read_only = True
    index_view_class = RefusalFlagIndexView
    list_filter = ["user"]
    list_display = [
        "user",  # the title column: links to the flag
        Column("refusals", label=_("Refusals")),
        RelativeTimeColumn("window_start", label=_("First refusal at")),
        RelativeTimeColumn("raised_at", label=_("Raised at")),
    ]
    list_export = ["user", "refusals", "window_start", "raised_at"]
    inspect_view_fields = ["user", "refusals", "window_start", "raised_at"]
