from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.models import GroupPagePermission, Page

from portal import trail
from portal.accounts.roles import Role, role_permissions
from portal.trail.context import system_actor

WAGTAIL_SAMPLE_GROUPS = ("Editors", "Moderators")


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


class Command(BaseCommand):
    help = gettext_lazy(
        "Create or update the portal's roles, their permissions and the site "
        "structure. Idempotent: safe to run at every deployment."
    )

    def handle(self, *args, **options):
        with system_actor("setup_portal"), transaction.atomic():
            self.set_up()

    def set_up(self):
        root = Page.get_first_root_node()
        # Wagtail's sample groups would grant page rights outside the portal's
        # roles; they go while nobody belongs to them.
        Group.objects.filter(name__in=WAGTAIL_SAMPLE_GROUPS, user__isnull=True).delete()
        permissions = role_permissions()  # every app's share (liuhen_role_permissions)
        for role in Role:
            group, created = Group.objects.get_or_create(name=role.group_name)
            spec = permissions[role]
            group.permissions.set(_permission(p) for p in sorted(spec["models"]))
            page_perms = [_permission(f"wagtailcore.{codename}") for codename in sorted(spec["pages"])]
            GroupPagePermission.objects.filter(group=group).exclude(
                page=root, permission__in=page_perms
            ).delete()
            for permission in page_perms:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
            if created:
                self.stdout.write(_("Created role %(role)s") % {"role": role.label})
        # Other apps add their own idempotent steps (site root, workflows…).
        for step in hooks.get_hooks("liuhen_setup_portal"):
            message = step()
            if message:
                self.stdout.write(str(message))
        trail.record("system.setup_portal", details={"roles": [role.group_name for role in Role]})
        self.stdout.write(self.style.SUCCESS(_("The portal is set up.")))
