"""Setting a person's supervisor (直接上级): IT or the administration office,
one trail event per change. Who reads a person's reports follows from it
(:mod:`portal.accounts.supervisors`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import trail

from ..roles import Role

# Who sets supervisors.
SETTERS = (Role.IT, Role.ADMINISTRATION_OFFICE)


def may_set_supervisor(user):
    if not (user.is_authenticated and user.is_active):
        return False
    names = set(user.groups.values_list("name", flat=True))
    return any(role.group_name in names for role in SETTERS)


def set_supervisor(account, supervisor, actor, *, reason=""):
    """Make ``supervisor`` (a user, or ``None`` for the default: the
    department's head) ``account``'s supervisor. Returns whether it changed."""
    if not may_set_supervisor(actor):
        raise PermissionDenied
    if supervisor is not None:
        if supervisor.pk == account.pk:
            raise ValidationError({"supervisor": _("Supervisor: a person cannot be their own supervisor.")})
        if not supervisor.is_active:
            raise ValidationError({"supervisor": _("Supervisor: this account is deactivated.")})
        if supervisor.groups.filter(name=Role.EXTERNAL_AUDITOR.group_name).exists():
            raise ValidationError({"supervisor": _("Supervisor: an external auditor cannot supervise.")})
        above, seen = supervisor, set()
        while above is not None and above.pk not in seen:
            if above.pk == account.pk:
                raise ValidationError(
                    {"supervisor": _("Supervisor: %(name)s is already supervised by this person.")
                     % {"name": supervisor}}
                )  # fmt: skip
            seen.add(above.pk)
            above = above.supervisor
    before = account.supervisor_id
    after = supervisor.pk if supervisor is not None else None
    if before == after:
        return False
    with transaction.atomic():
        account.supervisor = supervisor
        account.save(update_fields=["supervisor"])
        trail.record(
            "account.supervisor",
            actor=actor,
            target=account,
            details={"before": before, "after": after, "reason": reason},
        )
    return True
