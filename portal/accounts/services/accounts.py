"""Accounts in the admin: create, edit, activate or deactivate. The fields
that decide what an account may do — roles, department, the departments it
heads, administrator status — are never saved here: a differing value becomes a proposal
(:mod:`.changes`). Each business action is one trail event; a password is
never written into it."""

from django.db import transaction

from portal import trail

from . import changes

# Fields whose values are left out of the trail (only their change is noted).
SECRET_FIELDS = frozenset({"password", "password1", "password2"})


def _changed_fields(form):
    fields = set(form.changed_data) - set(changes.CONTROLLED_FIELDS) - {"reason"}
    return sorted("password" if name in SECRET_FIELDS else name for name in fields)


def _asked(form, account):
    """What the form asks for the controlled fields, as a snapshot (fields
    the form does not show keep their current value)."""
    current = changes.snapshot(account) if account.pk else changes.proposal_from([], None, False)
    data = form.cleaned_data
    asked = changes.proposal_from(
        data.get("groups", []),
        data.get("department"),
        data.get("is_superuser", False),
        data.get("headed_departments", []),
    )
    for name in changes.CONTROLLED_FIELDS:
        if name not in form.fields:
            asked[name] = current[name]
    return asked


def _keep_controlled(form, account):
    """Put the controlled fields back as stored before the form saves."""
    form.cleaned_data.pop("groups", None)
    if account.pk:
        stored = type(account)._base_manager.get(pk=account.pk)
        account.department_id, account.is_superuser = stored.department_id, stored.is_superuser
    else:
        account.department, account.is_superuser = None, False


def create_account(form, actor, *, reason=""):
    """Save a new account from Wagtail's user form; roles, department and
    administrator status asked for become a proposal. Returns
    ``(account, change or None)``."""
    with transaction.atomic():
        asked = _asked(form, form.instance)
        _keep_controlled(form, form.instance)
        account = form.save()
        trail.record(
            "account.create",
            actor=actor,
            target=account,
            details={"username": account.get_username(), "fields": _changed_fields(form)},
        )
        change = None
        if asked != changes.snapshot(account):
            change = changes.propose(account, actor, after=asked, reason=reason)
    return account, change


def edit_account(form, actor, *, reason=""):
    """Save an edited account; see :func:`create_account`."""
    account = form.instance
    with transaction.atomic():
        asked = _asked(form, account)
        _keep_controlled(form, account)
        fields = _changed_fields(form)
        form.save()
        if fields:
            action = "account.edit"
            if fields == ["is_active"]:
                action = "account.activate" if account.is_active else "account.deactivate"
            trail.record(action, actor=actor, target=account, details={"fields": fields})
        change = None
        if asked != changes.snapshot(account):
            change = changes.propose(account, actor, after=asked, reason=reason)
    return account, change


def set_active(account, actor, active):
    """Activate or deactivate one account (the bulk action's step)."""
    if account.is_active == active:
        return False
    with transaction.atomic():
        account.is_active = active
        account.save(update_fields=["is_active"])
        trail.record("account.activate" if active else "account.deactivate", actor=actor, target=account)
    return True
