"""What a source row (a Wagtail log entry or revision, a reversion
version) says happened: the action, actor, record and details of the event
that seals it."""

from typing import NamedTuple

from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from .recording import TargetRef


def _content_type_label(content_type):
    return f"{content_type.app_label}.{content_type.model}" if content_type else ""


def _object_or_ref(content_type, object_id, label):
    instance = None
    if content_type is not None and content_type.model_class() is not None:
        instance = content_type.model_class()._base_manager.filter(pk=object_id).first()
    return instance or TargetRef(_content_type_label(content_type), str(object_id), label)


class Description(NamedTuple):
    """What one source row says happened, before it is sealed."""

    action: str
    actor: object
    target: object
    label: str
    details: dict
    logged: bool = False  # a Wagtail log entry: its action names the business action
    department: object = None


def describe(row):
    if isinstance(row, (PageLogEntry, ModelLogEntry)):
        if isinstance(row, PageLogEntry):
            target = row.page or TargetRef("wagtailcore.page", str(row.page_id), row.label)
        else:
            target = _object_or_ref(row.content_type, row.object_id, row.label)
        details = {"data": row.data, "revision": row.revision_id, "log_entry": row.pk}
        return Description(row.action, row.user, target, row.label, details, logged=True)
    if isinstance(row, Revision):
        target = _object_or_ref(row.base_content_type, row.object_id, row.object_str)
        return Description("wagtail.revision", row.user, target, row.object_str, {"revision": row.pk})
    revision = row.revision  # a reversion version
    target = _object_or_ref(row.content_type, row.object_id, row.object_repr)
    details = {"comment": revision.get_comment(), "revision": revision.pk}
    return Description("register.version", revision.user, target, row.object_repr, details)
