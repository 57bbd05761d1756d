"""What gets sealed without anyone calling :func:`record` by hand: Wagtail's
log entries and revisions, and reversion versions. (Sign-in events are the
accounts app's: ``portal/accounts/receivers.py``.)"""

from django.db.models.signals import post_save, pre_delete
from reversion.signals import post_revision_commit
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from . import context, record, sources
from .recording import TargetRef

SOURCE_DELETED = "trail.source_deleted"


def _content_type_label(content_type):
    return f"{content_type.app_label}.{content_type.model}" if content_type else ""


def _object_or_ref(content_type, object_id, label):
    instance = None
    if content_type is not None and content_type.model_class() is not None:
        instance = content_type.model_class()._base_manager.filter(pk=object_id).first()
    return instance or TargetRef(_content_type_label(content_type), str(object_id), label)


def log_entry_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    if isinstance(instance, PageLogEntry):
        target = instance.page or TargetRef("wagtailcore.page", str(instance.page_id), instance.label)
    else:
        target = _object_or_ref(instance.content_type, instance.object_id, instance.label)
    record(
        instance.action,
        actor=instance.user,
        target=target,
        target_label=instance.label,
        details={"data": instance.data, "revision": instance.revision_id, "log_entry": instance.pk},
        source=instance,
    )


def revision_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    record(
        "wagtail.revision",
        actor=instance.user,
        target=_object_or_ref(instance.base_content_type, instance.object_id, instance.object_str),
        target_label=instance.object_str,
        details={"revision": instance.pk},
        source=instance,
    )


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
        record(
            "register.version",
            actor=revision.user,
            target=_object_or_ref(version.content_type, version.object_id, version.object_repr),
            target_label=version.object_repr,
            details={"comment": revision.get_comment(), "revision": revision.pk},
            source=version,
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
    for model in (PageLogEntry, ModelLogEntry):
        post_save.connect(log_entry_saved, sender=model, dispatch_uid=f"trail-{model.__name__}")
    post_save.connect(revision_saved, sender=Revision, dispatch_uid="trail-revision")
    for source in sources.SOURCES.values():
        pre_delete.connect(source_deleted, sender=source.model, dispatch_uid=f"trail-delete-{source.label}")
    post_revision_commit.connect(versions_committed, dispatch_uid="trail-reversion")
