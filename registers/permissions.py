"""Who opens the circulation register: everyone who works in the admin
(not external auditors); the listing holds only the circulations the access
rule lets the user read (see ``models.Circulation``). Circulations are
never added, edited or deleted through the register, only through the
services, so no Django permission needs granting."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BaseDjangoAuthPermissionPolicy

from portal.access.subjects import roles_of
from portal.accounts.roles import Role


def may_open_register(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
        and Role.EXTERNAL_AUDITOR not in roles_of(user)
    )


class CirculationPermissionPolicy(BaseDjangoAuthPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and may_open_register(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and may_open_register(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        users = get_user_model().objects.filter(is_active=True)
        return users.exclude(groups__name=Role.EXTERNAL_AUDITOR.group_name)
