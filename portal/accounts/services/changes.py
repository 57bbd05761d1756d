"""Changes of roles, department, headships and administrator status (账号变更): two
people, from two sides. IT proposes and leadership approves, or leadership
proposes and IT approves; nobody approves their own proposal or a change to
their own account. A change is applied only when it is approved, and only if
the account is still as the proposal found it. Each step is one trail event.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import trail

from ..models import AccountChange, Department
from ..roles import Role

Status = AccountChange.Status
# Who may propose, and who then approves: the other side.
SIDES = {Role.IT: Role.LEADERSHIP, Role.LEADERSHIP: Role.IT}
CONTROLLED_FIELDS = ("groups", "department", "headed_departments", "is_superuser")


def _roles(user):
    if not (user.is_authenticated and user.is_active):
        return set()
    names = set(user.groups.values_list("name", flat=True))
    return {role for role in SIDES if role.group_name in names}


def snapshot(account):
    """The controlled part of an account, as stored in a change."""
    return {
        "groups": sorted(account.groups.values_list("name", flat=True)),
        "department": account.department_id,
        "headed_departments": sorted(account.headed_departments.values_list("pk", flat=True))
        if account.pk
        else [],
        "is_superuser": bool(account.is_superuser),
    }


def proposal_from(groups, department, is_superuser, headed_departments=()):
    """What a form asks for, in the shape of :func:`snapshot`."""
    return {
        "groups": sorted(group.name for group in groups),
        "department": department.pk if department else None,
        "headed_departments": sorted(d.pk for d in headed_departments),
        "is_superuser": bool(is_superuser),
    }


def side_of(user):
    """The role ``user`` proposes as (IT first), or ``None``."""
    roles = _roles(user)
    return next((role for role in SIDES if role in roles), None)


def may_propose(user):
    return side_of(user) is not None


def propose(account, proposer, *, after, reason):
    """File a change of ``account`` to ``after``; nothing changes yet."""
    side = side_of(proposer)
    if side is None:
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason for the change."))
    with transaction.atomic():
        before = snapshot(account)
        if after == before:
            raise ValidationError(_("The proposal changes nothing."))
        if AccountChange.objects.filter(account=account, status=Status.PENDING).exists():
            raise ValidationError(
                _("A change of this account is already waiting for approval; decide or withdraw it first.")
            )
        change = AccountChange.objects.create(
            account=account, proposed_by=proposer, proposed_as=side, reason=reason, before=before, after=after
        )
        trail.record(
            "account.change.propose",
            actor=proposer,
            target=account,
            details={"change": change.pk, "before": before, "after": after, "reason": reason},
        )
    return change


def may_decide(user, change):
    """The other side decides; never the proposer, never the account's holder."""
    if change.status != Status.PENDING or user.pk in (change.proposed_by_id, change.account_id):
        return False
    return SIDES[Role(change.proposed_as)] in _roles(user)


def may_withdraw(user, change):
    return change.status == Status.PENDING and user.pk == change.proposed_by_id


def awaiting(user):
    """The pending changes ``user`` may decide."""
    sides = [proposer for proposer, approver in SIDES.items() if approver in _roles(user)]
    if not sides:
        return AccountChange.objects.none()
    return (
        AccountChange.objects.filter(status=Status.PENDING, proposed_as__in=sides)
        .exclude(proposed_by=user)
        .exclude(account=user)
        .select_related("account", "proposed_by")
    )


def decide(change, approver, *, approve, opinion):
    """Approve (applying the change) or refuse, with an opinion."""
    with transaction.atomic():
        change = AccountChange.objects.select_for_update().get(pk=change.pk)
        if not may_decide(approver, change):
            raise PermissionDenied
        account = change.account
        if approve:
            if snapshot(account) != change.before:
                raise ValidationError(
                    _("The account has changed since this proposal was made; refuse it and propose again.")
                )
            _apply(account, change.after)
        change.status = Status.APPROVED if approve else Status.REFUSED
        change.decided_by, change.decided_at, change.opinion = approver, timezone.now(), opinion
        change.save(update_fields=["status", "decided_by", "decided_at", "opinion"])
        trail.record(
            "account.change.approve" if approve else "account.change.refuse",
            actor=approver,
            target=account,
            details={"change": change.pk, "before": change.before, "after": change.after, "opinion": opinion},
        )
    return change


def withdraw(change, user):
    with transaction.atomic():
        change = AccountChange.objects.select_for_update().get(pk=change.pk)
        if not may_withdraw(user, change):
            raise PermissionDenied
        change.status, change.decided_at = Status.WITHDRAWN, timezone.now()
        change.save(update_fields=["status", "decided_at"])
        trail.record(
            "account.change.withdraw", actor=user, target=change.account, details={"change": change.pk}
        )
    return change


def _apply(account, after):
    groups = list(Group.objects.filter(name__in=after["groups"]))
    if len(groups) != len(after["groups"]):
        raise ValidationError(_("A role in this proposal no longer exists."))
    department = None
    if after["department"] is not None:
        department = Department.objects.filter(pk=after["department"]).first()
        if department is None:
            raise ValidationError(_("The department in this proposal no longer exists."))
    headed = list(Department.objects.filter(pk__in=after["headed_departments"]))
    if len(headed) != len(after["headed_departments"]):
        raise ValidationError(_("The department in this proposal no longer exists."))
    account.department = department
    account.is_superuser = after["is_superuser"]
    account.save(update_fields=["department", "is_superuser"])
    account.groups.set(groups)
    account.headed_departments.set(headed)
    _forget_access(account)


def _forget_access(account):
    # What the access rule loaded about the account is stale now.
    for name in ("_access_subject", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        account.__dict__.pop(name, None)


def describe(state):
    """``state`` (a snapshot) in words, for lists and the decision page."""
    department = Department.objects.filter(pk=state.get("department")).first()
    roles = [_role_label(name) for name in state.get("groups", [])]
    headed = Department.objects.filter(pk__in=state.get("headed_departments", []))
    return {
        "roles": "、".join(roles) or _("none"),
        "department": str(department) if department else _("none"),
        "headed_departments": "、".join(str(d) for d in headed) or _("none"),
        "is_superuser": _("yes") if state.get("is_superuser") else _("no"),
    }


def _role_label(group_name):
    try:
        return str(Role(group_name).label)
    except ValueError:
        return group_name
