"""What gets sealed without anyone calling :func:`record` by hand: Wagtail's
log entries and revisions, reversion versions, and sign-in events."""

from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_save, pre_delete
from reversion.signals import post_revision_commit
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from . import context, record, scopes, sources
from .describing import describe
from .recording import TargetRef

SOURCE_DELETED = "trail.source_deleted"


def seal_row(row):
    """One source row: to the open action (:mod:`portal.trail.scopes`), or
    sealed alone when none is open."""
    if scopes.collect(row):
        return
    description = describe(row)
    record(
        description.action,
        actor=description.actor,
        target=description.target,
        target_label=description.label,
        details=description.details,
        source=row,
    )


def source_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seal_row(instance)


def source_deleted(sender, instance, **kwargs):
    """A sealed row leaves only with an event saying so (and what it held,
    and the disposal that removed it, if one did)."""
    authority = context.current_disposal()
    record(
        SOURCE_DELETED,
        target=TargetRef(sender._meta.label_lower, str(instance.pk), str(instance)[:255]),
        details={"disposal": authority} if authority else None,
        source=instance,
    )


def versions_committed(sender, revision, versions, **kwargs):
    for version in versions:
        seal_row(version)


def signed_in(sender, request, user, **kwargs):
    record("account.sign_in", actor=user, target=user, request=request)


def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record("account.sign_out", actor=user, target=user, request=request)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    from portal.accounts import throttle

    username = credentials.get("username", "")
    record(
        "account.sign_in_failed",
        request=request,
        details={
            "username": username,
            "locked": throttle.is_locked(username),
            # False when the name was locked: the password was not checked.
            "password_checked": not getattr(request, "sign_in_refused_locked", False),
        },
    )


def seal_admin_refusals():
    """Wagtail's admin answers a refused request with a redirect and a message
    (``wagtail.admin.auth.permission_denied``), not a 403, so the middleware
    cannot see it; wrap that one function so such refusals are sealed too."""
    from wagtail.admin import auth

    original = auth.permission_denied
    if getattr(original, "seals_refusal", False):
        return

    def permission_denied(request):
        request.trail_refusal_recorded = True
        record(
            "request.refused",
            request=request,
            details={"method": request.method, "path": request.get_full_path()[:500]},
        )
        return original(request)

    permission_denied.seals_refusal = True
    auth.permission_denied = permission_denied


def connect():
    seal_admin_refusals()
    for model in (PageLogEntry, ModelLogEntry, Revision):
        post_save.connect(source_saved, sender=model, dispatch_uid=f"trail-{model.__name__}")
    for source in sources.SOURCES.values():
        pre_delete.connect(source_deleted, sender=source.model, dispatch_uid=f"trail-delete-{source.label}")
    post_revision_commit.connect(versions_committed, dispatch_uid="trail-reversion")
    auth_signals.user_logged_in.connect(signed_in, dispatch_uid="trail-signed-in")
    auth_signals.user_logged_out.connect(signed_out, dispatch_uid="trail-signed-out")
    auth_signals.user_login_failed.connect(sign_in_failed, dispatch_uid="trail-sign-in-failed")
