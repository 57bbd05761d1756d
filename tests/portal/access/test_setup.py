"""``setup_portal``'s access step."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Collection, GroupCollectionPermission

from portal.accounts.roles import Role

pytestmark = pytest.mark.django_db


def collection_permissions():
    return set(
        GroupCollectionPermission.objects.values_list(
            "group__name", "permission__codename", "collection__depth"
        )
    )


def test_setup_portal_gives_file_permissions_on_the_root_collection_idempotently(portal_setup):
    first = collection_permissions()
    assert (Role.STAFF.group_name, "add_document", 1) in first
    assert (Role.ARCHIVIST.group_name, "change_document", 1) in first
    assert not any(name == Role.EXTERNAL_AUDITOR.group_name for name, _code, _depth in first)
    # Someone adds a permission by hand; the next deployment takes it away.
    GroupCollectionPermission.objects.create(
        group=Group.objects.get(name=Role.EXTERNAL_AUDITOR.group_name),
        collection=Collection.get_first_root_node(),
        permission=GroupCollectionPermission.objects.first().permission,
    )
    call_command("setup_portal", verbosity=0)
    assert collection_permissions() == first
