"""Whose supervisor is whom (直接上级): who reads and reviews a person's work
reports.

A person's supervisor is the one set on their account (by IT or the
administration office, :mod:`.services.supervisors`); else the head of their
department, not themself; else the head of the nearest department above
that has one; at the top, the leadership. A member of the leadership has
no supervisor unless one is set. A department with several heads
gives several supervisors: any of them may review."""

from collections import defaultdict

from django.contrib.auth import get_user_model

from .roles import Role


def supervisors_of(user):
    """The people who supervise ``user``, in a stable order (a list, maybe
    empty: a member of the leadership has no default supervisor)."""
    if user is None or user.pk is None:
        return []
    explicit = user.supervisor
    if explicit is not None and explicit.is_active and explicit.pk != user.pk:
        return [explicit]
    if user.groups.filter(name=Role.LEADERSHIP.group_name).exists():
        return []  # the leadership is the top: no department head is above it
    department, seen = user.department, set()
    while department is not None and department.pk not in seen:
        seen.add(department.pk)
        heads = list(department.heads.filter(is_active=True).exclude(pk=user.pk).order_by("pk"))
        if heads:
            return heads
        department = department.parent
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.LEADERSHIP.group_name)
        .exclude(pk=user.pk)
        .order_by("pk")
        .distinct()
    )


def supervisor_of(user):
    """``user``'s supervisor (the first when there are several), or ``None``."""
    found = supervisors_of(user)
    return found[0] if found else None


def supervises(candidate, user):
    """Whether ``candidate`` is one of ``user``'s supervisors."""
    return candidate is not None and any(s.pk == candidate.pk for s in supervisors_of(user))


def supervised_among(candidate, users):
    """The pks of those of ``users`` whom ``candidate`` supervises, by the
    rule of :func:`supervisors_of`, in four queries however many they are
    (the department tree and its heads are read whole: a company has few
    departments, and a supervisor many reports to sign)."""
    from .models import Department

    ids = {user.pk for user in users if user is not None and user.pk is not None}
    if candidate is None or candidate.pk is None or not ids:
        return set()
    people = get_user_model().objects.filter(pk__in=ids)
    leadership = dict(
        get_user_model()
        .objects.filter(groups__name=Role.LEADERSHIP.group_name)
        .values_list("pk", "is_active")
        .distinct()
    )
    parents = dict(Department.objects.values_list("pk", "parent_id"))
    heads = defaultdict(set)
    links = Department.heads.through.objects.filter(user__is_active=True)
    for department_id, head_id in links.values_list("department_id", "user_id"):
        heads[department_id].add(head_id)

    def supervisors(pk, supervisor_id, supervisor_active, department_id):
        if supervisor_id is not None and supervisor_active and supervisor_id != pk:
            return {supervisor_id}
        if pk in leadership:
            return set()
        department, seen = department_id, set()
        while department is not None and department not in seen:
            seen.add(department)
            if found := heads[department] - {pk}:
                return found
            department = parents.get(department)
        return {leader for leader, active in leadership.items() if active and leader != pk}

    rows = people.values_list("pk", "supervisor_id", "supervisor__is_active", "department_id")
    return {row[0] for row in rows if candidate.pk in supervisors(*row)}
