"""Idempotent set-up (``setup_portal``): Wagtail checks document and image
permissions per collection, so each role's file permissions (from
``portal.accounts.roles.role_permissions``) are given on the root collection
too."""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission

from portal.accounts.roles import Role, role_permissions

FILE_APPS = ("wagtaildocs", "wagtailimages")


def _file_permissions(role):
    for dotted in sorted(role_permissions()[role]["models"]):
        app_label, codename = dotted.split(".")
        if app_label in FILE_APPS:
            yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_collection_permissions():
    # Wagtail's migrations make the root collection; a flushed database lacks it.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    changed = 0
    for role in Role:
        group = Group.objects.get(name=role.group_name)
        wanted = list(_file_permissions(role))
        stale = GroupCollectionPermission.objects.filter(
            group=group, collection=root, permission__content_type__app_label__in=FILE_APPS
        ).exclude(permission__in=wanted)
        changed += stale.delete()[0]
        for permission in wanted:
            changed += GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )[1]
    return _("Updated %(count)s file permissions.") % {"count": changed} if changed else None
