"""What gets sealed without anyone calling :func:`record` by hand: Wagtail's
log entries and revisions, and reversion versions. (Sign-in events are the
accounts app's: ``portal/accounts/receivers.py``.)"""

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
