"""A person has one name (姓名), written and shown whole: 许强, never "强 许"."""

import importlib

import pytest
from django.urls import reverse

from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.trail.models import Event

pytestmark = pytest.mark.django_db


def test_it_edits_a_person_with_only_their_name(portal_setup, department, verified_client):
    it = UserFactory(roles=[Role.IT], department=department, display_name="周杰")
    person = UserFactory(roles=[Role.STAFF], department=department, display_name="", username="xq")
    client = verified_client(it)
    form = client.get(reverse("wagtailusers_users:edit", args=[person.pk])).content.decode()
    assert 'name="display_name"' in form and "姓名" in form
    assert 'name="first_name"' not in form and 'name="last_name"' not in form
    data = {
        "username": "xq",
        "email": "xq@example.com",
        "display_name": "许强",
        "department": department.pk,
        "is_active": "on",
        "groups": [g.pk for g in person.groups.all()],
        "password1": "",
        "password2": "",
    }
    response = client.post(reverse("wagtailusers_users:edit", args=[person.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.get_full_name() == "许强"
    event = Event.objects.get(action="account.edit", target_id=str(person.pk))
    assert "display_name" in event.details["fields"]

    listing = client.get(reverse("wagtailusers_users:index"), {"q": "许强"}).content.decode()
    assert "许强" in listing and "强 许" not in listing and "周杰" not in listing


def test_a_person_without_a_name_is_refused_in_chinese(it_user, department, verified_client):
    person = UserFactory(roles=[Role.STAFF], department=department, display_name="孙丽", username="sl")
    data = {"username": "sl", "email": "sl@example.com", "display_name": "", "is_active": "on"}
    data["department"] = department.pk
    data["groups"] = [g.pk for g in person.groups.all()]
    response = verified_client(it_user).post(reverse("wagtailusers_users:edit", args=[person.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"display_name": ["请填写此项。"]}
    person.refresh_from_db()
    assert person.display_name == "孙丽"


class _People:
    """Just enough of a historical model's manager for the data migration."""

    def __init__(self, people):
        self.people = people

    def filter(self, pk=None, display_name=None):
        if pk is not None:
            return _People([p for p in self.people if p.pk == pk])
        return _People([p for p in self.people if p.display_name == display_name])

    def exclude(self, first_name, last_name):
        return _People([p for p in self.people if (p.first_name, p.last_name) != (first_name, last_name)])

    def __iter__(self):
        return iter(self.people)

    def update(self, display_name):
        for person in self.people:
            person.display_name = display_name


class _Person:
    def __init__(self, pk, first_name, last_name, display_name=""):
        self.pk, self.first_name, self.last_name = pk, first_name, last_name
        self.display_name = display_name


def test_the_migration_joins_split_names_in_chinese_order():
    migration = importlib.import_module("portal.accounts.migrations.0005_one_name_field")
    people = [
        _Person(1, "强", "许"),
        _Person(2, "Anna", "Smith"),
        _Person(3, "丽", "孙", display_name="孙丽（行政）"),
        _Person(4, "", ""),
    ]

    class Apps:
        def get_model(self, app, name):
            return type("User", (), {"objects": _People(people)})

    migration.join_names(Apps(), None)
    assert [p.display_name for p in people] == ["许强", "Anna Smith", "孙丽（行政）", ""]


def test_account_settings_ask_for_no_first_and_last_name(staff, verified_client):
    """Names are kept by IT, one 姓名, each change a trail event."""
    html = verified_client(staff).get(reverse("wagtailadmin_account")).content.decode()
    assert "first_name" not in html and "last_name" not in html
