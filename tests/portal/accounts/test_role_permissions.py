"""What each role may do, as ``setup_portal`` leaves it: a frozen table, so
that moving where the permissions are declared cannot change them."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from portal.accounts.roles import Role

pytestmark = pytest.mark.django_db

_ADMIN = ("wagtailadmin.access_admin",)
_FILES = (
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
)
_FILES_ADMIN = (*_FILES, "wagtaildocs.change_document", "wagtailimages.change_image")
_TRAIL = ("trail.view_checkpoint", "trail.view_event")
_OVERSIGHT = ("access.view_accessrequest", "access.view_refusalflag")
_VISITS = ("access.add_externalvisit", "access.change_externalvisit", "access.view_externalvisit")
_EDIT = ("add_page", "change_page")
_MODERATE = (*_EDIT, "lock_page", "unlock_page")
# The 督办 register and the daily reports: every role that works in the admin
# opens them (the rule narrows them).
_REGISTERS = (
    "registers.view_dailyreport",
    "registers.view_weeklyreport",
    "registers.view_monthlyreport",
    "registers.view_followuptask",
)
# The departments' monthly reports: their heads and the leadership.
_DEPARTMENT_REPORTS = ("registers.view_departmentmonthlyreport",)

# role: (model permissions, page permissions on the whole tree, file permissions on the root collection)
EXPECTED = {
    Role.STAFF: ((*_ADMIN, *_REGISTERS, *_FILES), _EDIT, _FILES),
    Role.DEPARTMENT_HEAD: (
        (*_ADMIN, *_REGISTERS, *_DEPARTMENT_REPORTS, *_FILES, "access.view_accessrequest"),
        _MODERATE,
        _FILES,
    ),
    Role.LEADERSHIP: (
        (*_ADMIN, *_REGISTERS, *_DEPARTMENT_REPORTS, *_FILES, *_TRAIL, *_OVERSIGHT, *_VISITS),
        _MODERATE,
        _FILES,
    ),
    Role.ARCHIVIST: (
        (*_ADMIN, *_REGISTERS, *_FILES_ADMIN, *_TRAIL, *_OVERSIGHT, *_VISITS, "accounts.view_department"),
        _MODERATE,
        _FILES_ADMIN,
    ),
    Role.IT: (
        (
            *_ADMIN,
            *_REGISTERS,
            "access.view_refusalflag",
            "accounts.add_department",
            "accounts.add_user",
            "accounts.change_department",
            "accounts.change_user",
            "accounts.view_department",
            "accounts.view_user",
            "auth.view_group",
            "wagtailcore.change_site",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
        ),
        (),
        (),
    ),
    Role.INTERNAL_AUDIT: (
        (
            *_ADMIN,
            *_REGISTERS,
            *_TRAIL,
            *_OVERSIGHT,
            "access.view_externalvisit",
            "accounts.view_department",
            "accounts.view_user",
        ),
        (),
        (),
    ),
    Role.ADMINISTRATION_OFFICE: ((*_ADMIN, *_REGISTERS, *_FILES), _MODERATE, _FILES),
    Role.EXTERNAL_AUDITOR: (_ADMIN, (), ()),
}


def _dotted(permissions):
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def granted(group):
    page_rows = GroupPagePermission.objects.filter(group=group).select_related("page", "permission")
    collection_rows = GroupCollectionPermission.objects.filter(group=group).select_related(
        "collection", "permission__content_type"
    )
    return (
        _dotted(group.permissions.select_related("content_type")),
        {(row.page_id, row.permission.codename) for row in page_rows},
        {
            (row.collection_id, f"{row.permission.content_type.app_label}.{row.permission.codename}")
            for row in collection_rows
        },
    )


def test_setup_portal_gives_each_role_exactly_its_permissions():
    call_command("setup_portal", verbosity=0)
    root, collection = Page.get_first_root_node(), Collection.get_first_root_node()
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(r.group_name for r in Role)
    for role, (models, pages, files) in EXPECTED.items():
        assert granted(Group.objects.get(name=role.group_name)) == (
            set(models),
            {(root.pk, codename) for codename in pages},
            {(collection.pk, dotted) for dotted in files},
        ), role
