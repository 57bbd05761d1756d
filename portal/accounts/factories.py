"""Factories for accounts, shared by the tests and ``seed_demo``."""

import factory
from django.contrib.auth.models import Group

from portal.factories import RegisterFactory

from . import two_factor
from .models import Department, User
from .roles import Role

DEMO_PASSWORD = "liuhen-demo-2026"  # noqa: S105 — the published demo password


class DepartmentFactory(RegisterFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"部门{n:02d}")
    code = factory.Sequence(lambda n: f"D{n:02d}")
    sort_order = factory.Sequence(int)


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``roles=[Role.STAFF]`` puts them in the role groups (which
    ``setup_portal`` normally creates) and ``backup_codes=True`` issues them
    two-factor backup codes, left on ``user.issued_backup_codes``."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:03d}")
    display_name = factory.Faker("name", locale="zh_CN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    title = factory.Faker("job", locale="zh_CN")
    password = factory.django.Password(DEMO_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get_or_create(name=Role(r).group_name)[0] for r in extracted))

    @factory.post_generation
    def backup_codes(self, create, extracted, **kwargs):
        if create and extracted:
            self.issued_backup_codes = two_factor.issue_backup_codes(self)
