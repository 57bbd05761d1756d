from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.inbox import PendingItem
from portal.trail import status
from portal.trail.links import can_view_trail

from .models import Department
from .roles import Role


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    menu_order = 610
    add_to_settings_menu = True
    list_display = ["name", "code", "parent"]
    list_filter = ["parent"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "code"]


register_snippet(DepartmentViewSet)


# Who answers for a trail that fails verification: those who run the system,
# those who audit it and the company's leadership.
TRAIL_FAILURE_ROLES = (Role.IT, Role.INTERNAL_AUDIT, Role.LEADERSHIP)


@hooks.register("liuhen_pending_items")
def failed_trail_verification(user):
    """The last verification of the trail failed: an alert until one succeeds."""
    if not user.groups.filter(name__in=[role.group_name for role in TRAIL_FAILURE_ROLES]).exists():
        return []
    failed = status.failed_verification()
    if failed is None:
        return []
    return [
        PendingItem(
            kind=PendingItem.ALERT,
            title=gettext("The trail failed verification"),
            url=reverse("trail:index") if can_view_trail(user) else reverse("wagtailadmin_home"),
            since=failed.at,
            detail=status.describe_failure(failed.details),
        )
    ]
