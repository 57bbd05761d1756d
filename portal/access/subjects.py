"""What the access rule needs to know about a person: roles, department
(and those above it, for records naming a department), the departments
they head, their grants in force and, for external auditors, the scopes of
their visits under way. Loaded once per user object (that is, once per
request) and kept on it.

The grant and visit models ask this module about a user (``roles_of``), so
it reaches their tables through the app registry rather than importing them
back."""

import copy
from dataclasses import dataclass, field

from django.apps import apps

from portal.accounts.models import Department
from portal.accounts.roles import Role

from .policy import ROLE_AUDIENCES, Audience

CACHE_ATTRIBUTE = "_access_subject"


@dataclass(frozen=True)
class Scope:
    """What one external-audit visit lets its visitors read."""

    departments: frozenset
    record_types: frozenset  # content type ids; empty means every type
    max_level: int
    may_export: bool


@dataclass(frozen=True)
class Subject:
    user_id: int | None = None
    roles: frozenset = frozenset()
    audiences: frozenset = frozenset()  # role audiences, plus EVERYONE when signed in
    department_id: int | None = None
    departments: frozenset = frozenset()  # their department and those above it
    groups: frozenset = frozenset()  # the ids of their roles' groups
    headed: frozenset = frozenset()
    record_grants: frozenset = frozenset()  # {(content type id, object id)}
    department_grants: tuple = ()  # ((department id, max level), …)
    visitor: bool = False
    scopes: tuple = field(default=())

    @property
    def signed_in(self):
        return self.user_id is not None


def subject_for(user):
    subject = getattr(user, CACHE_ATTRIBUTE, None)
    if subject is None:
        subject = _load(user)
        setattr(user, CACHE_ATTRIBUTE, subject)
    return subject


def forget(*users):
    """Drop what was loaded, after a grant or a visit changed."""
    for user in users:
        if user is not None and hasattr(user, CACHE_ATTRIBUTE):
            delattr(user, CACHE_ATTRIBUTE)


def records_user(user):
    """``user`` as the rules for records see them: a superuser administers the
    system, not the records, so Wagtail's page permissions and workflow tasks
    are asked about them as about anyone else with the same roles (a copy
    without the superuser flag; the account itself is untouched)."""
    if not getattr(user, "is_superuser", False):
        return user
    plain = copy.copy(user)
    plain.is_superuser = False
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        plain.__dict__.pop(cache, None)
    return plain


def roles_of(user):
    """The user's roles (loaded once per user object, with the rest)."""
    return subject_for(user).roles


def _groups(user):
    """``(roles, group ids)``."""
    groups = dict(user.groups.values_list("name", "pk"))
    return frozenset(role for role in Role if role.group_name in groups), frozenset(groups.values())


def _with_parents(department_id):
    """The department and those above it (a department names everyone below it)."""
    if department_id is None:
        return frozenset()
    parents = dict(Department.objects.values_list("pk", "parent_id"))
    found = []
    while department_id is not None and department_id not in found:
        found.append(department_id)
        department_id = parents.get(department_id)
    return frozenset(found)


def _load(user):
    if not (user.is_authenticated and user.is_active):
        return Subject()
    roles, groups = _groups(user)
    if Role.EXTERNAL_AUDITOR in roles:
        return Subject(user_id=user.pk, roles=roles, visitor=True, scopes=_scopes(user))
    AccessRequest = apps.get_model("access", "AccessRequest")

    grants = AccessRequest.objects.active().filter(requester=user)
    rows = list(grants.values_list("target_type_id", "target_id", "department_id", "max_level"))
    # A head answers for the departments below theirs too.
    headed = Department.with_subdepartments(user.headed_departments.values_list("pk", flat=True))
    return Subject(
        user_id=user.pk,
        roles=roles,
        audiences=frozenset({Audience.EVERYONE} | {ROLE_AUDIENCES[r] for r in roles if r in ROLE_AUDIENCES}),
        department_id=user.department_id,
        departments=_with_parents(user.department_id),
        groups=groups,
        headed=frozenset(headed),
        record_grants=frozenset((t, o) for t, o, _d, _l in rows if t is not None),
        department_grants=tuple((d, level) for t, _o, d, level in rows if t is None),
    )


def _scopes(user):
    ExternalVisit = apps.get_model("access", "ExternalVisit")

    visits = (
        ExternalVisit.objects.active().filter(visitors=user).prefetch_related("departments", "record_types")
    )
    return tuple(
        Scope(
            departments=frozenset(d.pk for d in visit.departments.all()),
            record_types=frozenset(t.pk for t in visit.record_types.all()),
            max_level=visit.max_level,
            may_export=visit.may_export,
        )
        for visit in visits
    )
