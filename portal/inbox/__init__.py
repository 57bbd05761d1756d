"""The per-user inbox: what is waiting for someone — to approve, to read, to
confirm. Each app contributes its own items through the
``liuhen_pending_items`` hook; the home page and the admin dashboard show the
merged list, oldest first (``views.py``, ``panels.py``, ``templates/inbox/``).

A hook function takes the user and returns an iterable of ``PendingItem``::

    @hooks.register("liuhen_pending_items")
    def documents_to_read(user):
        return [PendingItem(kind=PendingItem.READ, title=..., url=..., since=...)]
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@dataclass(frozen=True)
class PendingItem:
    APPROVE = "approve"
    READ = "read"
    CONFIRM = "confirm"
    ALERT = "alert"
    KIND_LABELS = {
        APPROVE: _("To approve"),
        READ: _("To read"),
        CONFIRM: _("To confirm"),
        ALERT: _("To look into"),
    }

    kind: str
    title: str
    url: str
    since: datetime
    due: datetime | None = None
    detail: str = ""
    # Actions the user can take where the item is listed (e.g. approving):
    # a template included with ``item``, reading ``item.actions_context``
    # (Django's include cannot pass a variable named ``context``).
    actions_template: str = ""
    actions_context: Mapping = field(default_factory=dict, hash=False, compare=False)

    @property
    def kind_label(self):
        return self.KIND_LABELS.get(self.kind, self.kind)

    @property
    def overdue(self):
        return self.due is not None and self.due < timezone.now()


def pending_items(user):
    """Everything waiting for ``user``, oldest first."""
    if not user.is_authenticated:
        return []
    items = [item for hook in hooks.get_hooks("liuhen_pending_items") for item in hook(user)]
    return sorted(items, key=lambda item: item.since)
