"""The per-user inbox: what is waiting for someone — to approve, to read, to
confirm. Each app contributes its own items through the
``liuhen_pending_items`` hook; the home page and the admin dashboard show the
merged list, most urgent first (``views.py``, ``panels.py``, ``templates/inbox/``):
overdue items, then those due soonest, then those without a due date, the
longest waiting first.

A hook function takes the user and returns an iterable of ``PendingItem``::

    @hooks.register("liuhen_pending_items")
    def documents_to_read(user):
        return [PendingItem(kind=PendingItem.READ, title=..., url=..., since=...)]

The home page also offers quick actions (起草公文, 发起传阅, 申请查阅…): each
app contributes those the user may take through the ``liuhen_quick_actions``
hook, a function taking the user and returning an iterable of
``QuickAction`` (``quick_actions()``, ordered by ``order``).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
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

    @property
    def urgency(self):
        """The sort key: overdue and soonest due first, then the longest waiting."""
        return (self.due is None, self.due or self.since, self.since)

    @property
    def timing_label(self):
        """When it is due, or how long it has waited, as people say it:
        "3 天后到期", "逾期 2 天", "今天到期", "已等待 5 天"."""
        return timing_label(self.due, self.since)


def _days_between(earlier, later):
    return (timezone.localdate(later) - timezone.localdate(earlier)).days


def timing_label(due, since, now=None):
    """Counted in the portal's calendar days (``Asia/Shanghai``)."""
    now = now or timezone.now()
    if due is not None:
        if due < now:
            days = _days_between(due, now)
            if days == 0:
                return _("Overdue since today")
            return ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days) % {"days": days}
        days = _days_between(now, due)
        if days == 0:
            return _("Due today")
        return ngettext("Due in %(days)s day", "Due in %(days)s days", days) % {"days": days}
    days = _days_between(since, now)
    if days <= 0:
        return _("Waiting since today")
    return ngettext("Waiting for %(days)s day", "Waiting for %(days)s days", days) % {"days": days}


def pending_items(user):
    """Everything waiting for ``user``, most urgent first (``PendingItem.urgency``)."""
    if not user.is_authenticated:
        return []
    items = [item for hook in hooks.get_hooks("liuhen_pending_items") for item in hook(user)]
    return sorted(items, key=lambda item: item.urgency)


@dataclass(frozen=True)
class QuickAction:
    """A task the user may start from the home page: a label, the form it
    opens, a one-line hint and a place among the others (lower first)."""

    label: str
    url: str
    hint: str = ""
    order: int = 100


def quick_actions(user):
    """The quick actions ``user`` may take, from every app's ``liuhen_quick_actions``."""
    if not user.is_authenticated:
        return []
    actions = [action for hook in hooks.get_hooks("liuhen_quick_actions") for action in hook(user)]
    return sorted(actions, key=lambda action: action.order)
