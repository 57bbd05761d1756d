from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction

from portal.inbox import PendingItem
from portal.trail import status
from portal.trail.links import can_view_trail

from .models import Department
from .roles import Role
from .services import accounts, changes, supervisors
from .views.supervisors import SetSupervisorView
from .viewsets import AccountChangeViewSet, change_url

ACTIONS = {
    "account.create": _("Account created"),
    "account.edit": _("Account edited"),
    "account.activate": _("Account activated"),
    "account.deactivate": _("Account deactivated"),
    "account.change.propose": _("Account change proposed"),
    "account.change.approve": _("Account change approved and applied"),
    "account.change.refuse": _("Account change refused"),
    "account.change.withdraw": _("Account change withdrawn"),
    "account.supervisor": _("Supervisor set"),
}


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    menu_order = 610
    add_to_settings_menu = True
    # Heads are named through account changes (two people), not here.
    form_fields = ["name", "code", "parent", "sort_order"]
    list_display = ["name", "code", "parent"]
    list_filter = ["parent"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "code"]


register_snippet(DepartmentViewSet)


@hooks.register("register_admin_viewset")
def register_account_changes():
    return AccountChangeViewSet()


@hooks.register("register_admin_urls")
def register_supervisor_url():
    return [path("accounts/supervisor/", SetSupervisorView.as_view(), name="accounts_supervisor")]


class SupervisorMenuItem(MenuItem):
    def is_shown(self, request):
        return supervisors.may_set_supervisor(request.user)


@hooks.register("register_settings_menu_item")
def register_supervisor_menu_item():
    return SupervisorMenuItem(_("Supervisors"), reverse("accounts_supervisor"), icon_name="user", order=606)


@hooks.register("register_log_actions")
def register_account_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("liuhen_pending_items")
def account_changes_to_decide(user):
    return [
        PendingItem(
            kind=PendingItem.APPROVE,
            title=_("Account change: %(account)s") % {"account": change.account},
            url=change_url(change),
            since=change.proposed_at,
            detail=change.reason,
        )
        for change in changes.awaiting(user)
    ]


@hooks.register("before_bulk_action")
def refuse_assigning_roles_in_bulk(request, action_type, objects, action_class_instance):
    """Roles change only through an approved proposal, one account at a time."""
    if action_class_instance.model._meta.label_lower == "accounts.user" and action_type == "assign_role":
        messages.error(
            request, _("Roles are changed by proposing an account change, which another person approves.")
        )
        return redirect("wagtailusers_users:index")
    return None


class TracedSetActiveStateBulkAction(SetActiveStateBulkAction):
    """Wagtail's bulk activation, one trail event per account it changes."""

    @classmethod
    def execute_action(cls, objects, mark_as_active=False, model=None, **kwargs):
        actor = kwargs.get("user")
        changed = [
            account
            for account in objects
            if actor is None or account.pk != actor.pk
            if accounts.set_active(account, actor, mark_as_active)
        ]
        return len(changed), 0


hooks.register("register_bulk_action", TracedSetActiveStateBulkAction, order=100)


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
