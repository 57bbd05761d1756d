"""The portal's roles (RES-1..4, ACC-2): one Django group each.

Group names are the Simplified Chinese labels, the portal's default language;
code refers to roles only through :class:`Role`, never by group name.

What each role may do is put together by ``setup_portal`` from every app:
each contributes the permissions on its own models through the
``liuhen_role_permissions`` hook, in its ``wagtail_hooks.py``, so that no
list here names an app above this one. A hook function takes nothing and
returns ``{role: {"pages": (codename, …), "models": ("app_label.codename", …)}}``
(either key may be left out); ``"pages"`` are given on the whole page tree::

    @hooks.register("liuhen_role_permissions")
    def register_role_permissions():
        return {Role.LEADERSHIP: {"models": ("meetings.view_meeting",)}}

The [Access] rule then narrows what each role sees by department and level.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


class Role(models.TextChoices):
    STAFF = "员工", _("Staff")
    DEPARTMENT_HEAD = "部门负责人", _("Department head")
    LEADERSHIP = "公司领导", _("Leadership")
    ARCHIVIST = "档案管理员", _("Archivist")
    IT = "信息技术", _("IT")
    INTERNAL_AUDIT = "内部审计", _("Internal audit")
    ADMINISTRATION_OFFICE = "行政办公室", _("Administration office")
    EXTERNAL_AUDITOR = "外部审计", _("External auditor")

    @property
    def group_name(self):
        return self.value


# The accounts app's own share: its users and departments, the groups that
# hold the roles, and the trail below it (which names no role itself).
# Who reads the sealed trail (the 留痕 menu): auditors, archivists, leadership.
_TRAIL = ("trail.view_event", "trail.view_checkpoint")

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: {"models": _TRAIL},
    Role.ARCHIVIST: {"models": ("accounts.view_department", *_TRAIL)},
    Role.IT: {
        "models": (
            "accounts.add_user",
            "accounts.change_user",
            "accounts.view_user",
            "accounts.add_department",
            "accounts.change_department",
            "accounts.view_department",
            "auth.view_group",
        ),
    },
    Role.INTERNAL_AUDIT: {"models": ("accounts.view_department", "accounts.view_user", *_TRAIL)},
}

# Every role may open the admin; what they see there is narrowed by the above.
COMMON_PERMISSIONS = ("wagtailadmin.access_admin",)


def role_permissions():
    """``{role: {"pages": set, "models": set}}`` for every role: this app's
    share, the common permissions and every app's ``liuhen_role_permissions``."""
    merged = {role: {"pages": set(), "models": set(COMMON_PERMISSIONS)} for role in Role}
    for share in (ROLE_PERMISSIONS, *(hook() for hook in hooks.get_hooks("liuhen_role_permissions"))):
        for role, spec in share.items():
            unknown = set(spec) - {"pages", "models"}
            if unknown:
                raise ValueError(f"Unknown kinds of permission for {role!r}: {sorted(unknown)}")
            for kind, permissions in spec.items():
                merged[Role(role)][kind].update(permissions)
    return merged
