"""The portal's roles (RES-1..4, ACC-2): one Django group each.

Group names are the Simplified Chinese labels, the portal's default language;
code refers to roles only through :class:`Role`, never by group name.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


# Page permissions (on the whole tree) and model permissions of each role.
# The [Access] rule narrows what each role sees by department and level.
# No role publishes: a page goes live through its workflow's final approval.
_EDIT = ("add_page", "change_page")
_MODERATE = (*_EDIT, "lock_page", "unlock_page")
_FILES = (
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
)
_FILES_ADMIN = (*_FILES, "wagtaildocs.change_document", "wagtailimages.change_image")

# Who reads the sealed trail (the 留痕 menu): auditors, archivists, leadership.
_TRAIL = ("trail.view_event", "trail.view_checkpoint")

# The access registers (portal/access): who decides a request is checked per
# request (department head or leadership); these only open the menus.
_REQUESTS = ("access.view_accessrequest",)
_VISITS_READ = ("access.view_externalvisit",)
_VISITS = (*_VISITS_READ, "access.add_externalvisit", "access.change_externalvisit")
_OVERSIGHT = (*_REQUESTS, "access.view_refusalflag")

ROLE_PERMISSIONS = {
    Role.STAFF: {"pages": _EDIT, "models": _FILES},
    Role.DEPARTMENT_HEAD: {"pages": _MODERATE, "models": (*_FILES, *_REQUESTS)},
    Role.LEADERSHIP: {"pages": _MODERATE, "models": (*_FILES, *_TRAIL, *_OVERSIGHT, *_VISITS)},
    # Nobody deletes issued pages; a draft only its author (portal/access/deletion.py).
    Role.ARCHIVIST: {
        "pages": _MODERATE,
        "models": (*_FILES_ADMIN, "accounts.view_department", *_TRAIL, *_OVERSIGHT, *_VISITS),
    },
    Role.IT: {
        "pages": (),
        "models": (
            "accounts.add_user",
            "accounts.change_user",
            "accounts.view_user",
            "accounts.add_department",
            "accounts.change_department",
            "accounts.view_department",
            "access.view_refusalflag",  # repeated refusals: probing, or a fault in the system
            "auth.view_group",
            "wagtailcore.change_site",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
        ),
    },
    Role.INTERNAL_AUDIT: {
        "pages": (),
        "models": ("accounts.view_department", "accounts.view_user", *_TRAIL, *_OVERSIGHT, *_VISITS_READ),
    },
    Role.ADMINISTRATION_OFFICE: {"pages": _MODERATE, "models": _FILES},
    Role.EXTERNAL_AUDITOR: {"pages": (), "models": ()},
}

# Every role may open the admin; what they see there is narrowed by the above.
COMMON_PERMISSIONS = ("wagtailadmin.access_admin",)
