"""Whose supervisor is whom (直接上级): who reads and reviews a person's work
reports.

A person's supervisor is the one set on their account (by IT or the
administration office, :mod:`.services.supervisors`); else the head of their
department, not themself; else the head of the nearest department above
that has one; at the top, the leadership. A member of the leadership has
no supervisor unless one is set. A department with several heads
gives several supervisors: any of them may review."""

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
