"""The access facts of every access-controlled page in one table with its
named people beside it, so that a filter over pages of every type is one
join and one subquery, not a subquery per page type."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from wagtail.models import Page

from ..levels import Level


class PageAccess(models.Model):
    """An access-controlled page's owning department and confidentiality
    level as last saved, copied from the page type's own table
    (:mod:`portal.access.mirror`); nobody edits it. Whom the page names is
    in :class:`NamedOnPage`; the page's author (its owner) is read from the
    page."""

    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE, related_name="access")
    department = models.ForeignKey(
        "accounts.Department", null=True, on_delete=models.PROTECT, related_name="+"
    )
    confidentiality = models.PositiveSmallIntegerField(choices=Level.choices)

    wagtail_reference_index_ignore = True

    def __str__(self):
        return f"{self.page_id}: {self.department_id} / {self.confidentiality}"


@dataclass(frozen=True)
class Named:
    """Whom a record names for the access rule: people (its participants),
    departments (everyone in them and in the departments below), roles, or
    every employee. A page type says it with ``access_named()``."""

    users: frozenset = frozenset()
    departments: frozenset = frozenset()
    roles: frozenset = frozenset()
    everyone: bool = False

    def __or__(self, other):
        return Named(
            users=self.users | other.users,
            departments=self.departments | other.departments,
            roles=self.roles | other.roles,
            everyone=self.everyone or other.everyone,
        )

    def rows(self):
        """``{(user id, department id, role id, everyone)}``, one per name,
        as :class:`NamedOnPage` stores them."""
        return (
            {(pk, None, None, False) for pk in self.users}
            | {(None, pk, None, False) for pk in self.departments}
            | {(None, None, pk, False) for pk in self.roles}
            | ({(None, None, None, True)} if self.everyone else set())
        )


def _only(name):
    names = ("user", "department", "role")
    alone = Q(**{f"{n}__isnull": n != name for n in names})
    return alone & Q(everyone=name is None)


class NamedOnPage(models.Model):
    """One of those an access-controlled page names, as last saved: a person,
    a department, a role or every employee (:class:`Named`), copied from the
    page's own tables with its department and level
    (:mod:`portal.access.mirror`); nobody edits it."""

    access = models.ForeignKey(PageAccess, on_delete=models.CASCADE, related_name="named")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "accounts.Department", null=True, on_delete=models.CASCADE, related_name="+"
    )
    role = models.ForeignKey("auth.Group", null=True, on_delete=models.CASCADE, related_name="+")
    everyone = models.BooleanField(default=False)

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=_only("user") | _only("department") | _only("role") | _only(None),
                name="access_named_on_page_one_name",
            ),
        ]

    def __str__(self):
        return f"{self.access_id}: {self.user_id} / {self.department_id} / {self.role_id} / {self.everyone}"
