"""Who opens the register of account changes: IT, leadership and internal
audit. What each may do in it is the service's answer
(:func:`portal.accounts.services.changes.may_decide` …), so no Django
permission needs granting."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BaseDjangoAuthPermissionPolicy

from .roles import Role

READERS = (Role.IT, Role.LEADERSHIP, Role.INTERNAL_AUDIT)


def may_open_register(user):
    if not (user.is_authenticated and user.is_active):
        return False
    names = set(user.groups.values_list("name", flat=True))
    return any(role.group_name in names for role in READERS)


class AccountChangePermissionPolicy(BaseDjangoAuthPermissionPolicy):
    """IT, leadership and internal audit open the register; what each may do
    in it is the service's answer (``changes.may_decide`` …)."""

    def user_has_permission(self, user, action):
        return action == "view" and may_open_register(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and may_open_register(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(groups__name__in=[r.group_name for r in READERS]).distinct()
