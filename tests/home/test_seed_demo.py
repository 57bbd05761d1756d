import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from home.models import SectionPage
from portal.accounts.models import Department, User
from portal.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_an_organisation_and_is_idempotent(capsys):
    call_command("seed_demo")
    printed = capsys.readouterr().out
    departments = Department.objects.count()
    users = User.objects.count()
    assert departments >= 4
    assert Department.objects.filter(heads__isnull=False).distinct().count() >= 4
    for role in Role:
        assert Group.objects.get(name=role.group_name).user_set.exists(), role
    assert SectionPage.objects.filter(depth=3).count() >= 4
    assert SectionPage.objects.filter(depth=4).exists()

    # The printed table gives each account a password and two backup codes
    # that really sign in.
    row = next(line for line in printed.splitlines() if line.startswith("wangjianguo"))
    password, code, _other = row.split()[-3:]
    client = Client()
    client.post("/accounts/login/", {"username": "wangjianguo", "password": password})
    assert client.post("/accounts/two-factor/verify/", {"token": code}).status_code == 302
    assert client.get("/admin/").status_code == 200

    call_command("seed_demo")
    assert Department.objects.count() == departments
    assert User.objects.count() == users
    again = capsys.readouterr().out
    assert code not in again.split("wangjianguo")[1].splitlines()[0], "a used code is not printed again"

    call_command("seed_demo", "--reset")
    assert Department.objects.count() == departments
    assert User.objects.count() == users
