import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Site

from home.models import HomePage
from portal.accounts.roles import Role, role_permissions

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        group.name: (
            sorted(group.permissions.values_list("codename", flat=True)),
            sorted(
                GroupPagePermission.objects.filter(group=group).values_list("permission__codename", flat=True)
            ),
        )
        for group in Group.objects.all()
    }


def test_every_role_has_its_group_and_permissions():
    call_command("setup_portal", verbosity=0)
    permissions = role_permissions()
    for role in Role:
        group = Group.objects.get(name=role.group_name)
        assert group.permissions.filter(codename="access_admin").exists()
        expected_pages = permissions[role]["pages"]
        assert (
            set(
                GroupPagePermission.objects.filter(group=group).values_list("permission__codename", flat=True)
            )
            == expected_pages
        )
        expected_models = {p.split(".")[1] for p in permissions[role]["models"]}
        assert set(group.permissions.values_list("codename", flat=True)) == expected_models


def test_only_it_manages_users_and_no_role_publishes():
    call_command("setup_portal", verbosity=0)
    change_user = Permission.objects.get(codename="change_user", content_type__app_label="accounts")
    assert [g.name for g in change_user.group_set.all()] == [Role.IT.group_name]
    publishers = set(
        GroupPagePermission.objects.filter(permission__codename="publish_page").values_list(
            "group__name", flat=True
        )
    )
    # Pages go live through their workflow's final approval only.
    assert publishers == set()


def test_setup_portal_is_idempotent_and_repairs_drift():
    call_command("setup_portal", verbosity=0)
    first = snapshot()
    home = HomePage.objects.get()

    # Someone hand-edits a role; the next deployment puts it back.
    staff = Group.objects.get(name=Role.STAFF.group_name)
    staff.permissions.clear()
    GroupPagePermission.objects.create(
        group=staff,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    call_command("setup_portal", verbosity=0)
    call_command("setup_portal", verbosity=0)

    assert snapshot() == first
    assert HomePage.objects.get() == home
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert Group.objects.count() == len(Role)
