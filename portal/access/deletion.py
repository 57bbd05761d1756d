"""Issued records are never deleted (STO-4): what counts as issued, the guard
every deletion passes through, and the one way to authorise a removal.

- A page under the access rule is issued once it was ever published,
  submitted to a workflow or numbered; every row of a register under
  django-reversion is issued once saved. A model may narrow that with an
  ``issued_for_deletion()`` method (e.g. a visit's credential while the visit
  still awaits approval, a file once attached to an issued record).
- The guard is a ``pre_delete`` receiver on every model, so that admin views,
  bulk actions, the API and shell or service code (``page.delete()``,
  ``queryset.delete()``, cascades) are refused alike, before anything is
  removed: :class:`DeletionRefused`, which the admin shows as a message.
- A never-submitted draft page is deleted by its author only
  (:func:`may_delete_page`, used by the page permission tester).
- The archive's disposal procedure is the only path that removes an issued
  record: it runs inside :func:`disposal_authorised`, naming its authority,
  and records its own trail event.
"""

from contextlib import contextmanager

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState, get_page_models

from portal import trail
from portal.trail import context as trail_context
from portal.trail.models import Event

from .models import AccessControlledPage

REFUSED = "record.delete_refused"


class Reason(models.TextChoices):
    """Why a record is kept: the code goes into the trail, the label to the user."""

    PUBLISHED = "published", _("it has been published")
    SUBMITTED = "submitted", _("it has been submitted for approval")
    NUMBERED = "numbered", _("it has been numbered")
    REGISTERED = "register", _("it is a register record")
    ATTACHED = "attached", _("it is attached to an issued record")


class DeletionRefused(Exception):
    """An issued record was asked to be deleted outside the disposal
    procedure. ``event_id`` is its trail event once recorded. Not a
    ``PermissionDenied``: Wagtail's admin would answer that with its bare
    "no permission" and the reason would be lost."""

    def __init__(self, record, reason):
        self.record = record
        self.reason = reason
        self.event_id = None
        super().__init__(str(self.message))

    @property
    def message(self):
        return _(
            "“%(record)s” cannot be deleted: %(reason)s. Issued records are kept; "
            "they leave the archive only through the disposal procedure."
        ) % {"record": self.record, "reason": Reason(self.reason).label}


@contextmanager
def disposal_authorised(authority):
    """Deletions inside are allowed: for the disposal procedure only, which
    names its ``authority`` (e.g. the approved disposal list) and records the
    removal in the trail itself; the events of sealed rows removed meanwhile
    name the authority too."""
    if not authority:
        raise ValueError("a disposal names its authority")
    with trail_context.disposal(authority):
        yield


def disposal_authority():
    """The authority of the disposal under way, or ``None``."""
    return trail_context.current_disposal()


# --- What is issued -----------------------------------------------------------


def issued_reason(instance):
    """Why ``instance`` may not be deleted (a :class:`Reason`), or ``None``."""
    own = getattr(instance, "issued_for_deletion", None)
    if own is not None:
        return own()
    if isinstance(instance, Page):
        return _page_reason(instance)
    if reversion.is_registered(type(instance)):
        return Reason.REGISTERED
    return None


def _page_reason(page):
    if type(page) is Page:
        model = page.specific_class
        if model is None or not issubclass(model, AccessControlledPage):
            return None
        page = page.specific
    elif not isinstance(page, AccessControlledPage):
        return None
    if page.live or page.first_published_at or page.last_published_at or page.live_revision_id:
        return Reason.PUBLISHED
    page_type = ContentType.objects.get_for_model(Page)
    if WorkflowState.objects.filter(base_content_type=page_type, object_id=str(page.pk)).exists():
        return Reason.SUBMITTED
    number_field = getattr(page, "number_field", None)
    if number_field and getattr(page, number_field, None):
        return Reason.NUMBERED
    return None


def check(instance):
    """Raise :class:`DeletionRefused` unless ``instance`` may be deleted,
    recording the refusal in the caller's transaction. When that transaction
    is rolled back (the deletion was part of a larger write), whoever catches
    the refusal afterwards records it again
    (:class:`~portal.access.middleware.DeletionRefusedMiddleware` in a request)."""
    if disposal_authority() is not None:
        return
    reason = issued_reason(instance)
    if reason is None:
        return
    refusal = DeletionRefused(instance, reason)
    record_refusal(refusal)
    raise refusal


def check_page_tree(page):
    """:func:`check` for a page and every page below it, before Wagtail
    writes its deletion log entries."""
    check(page)
    for descendant in page.get_descendants().specific():
        check(descendant)


def record_refusal(refusal, request=None):
    """Seal the refusal, unless its event is already written and still there."""
    if request is not None:
        request.trail_refusal_recorded = True
    if refusal.event_id is not None and Event.objects.filter(pk=refusal.event_id).exists():
        return
    record = refusal.record
    if isinstance(record, Page):
        record = record.specific_deferred
    event = trail.record(
        REFUSED, request=request, target=record, details={"reason": str(refusal.reason)}
    )  # the code
    refusal.event_id = event.pk


def guard_deletion(sender, instance, **kwargs):
    check(instance)


def guarded_models():
    """Every model whose rows may be issued records: pages (the base class
    too, which treebeard deletes subtrees through), files, registers."""
    from .models import RecordDocument, RecordImage

    return {
        Page,
        *(m for m in get_page_models() if issubclass(m, AccessControlledPage)),
        RecordDocument,
        RecordImage,
        *reversion.get_registered_models(),
    }


def connect():
    # Per model (not every model: other deletes keep Django's fast path), and
    # on pre_delete so that cascades and queryset deletes pass here too.
    for model in guarded_models():
        pre_delete.connect(
            guard_deletion, sender=model, dispatch_uid=f"access-kept-{model._meta.label_lower}"
        )


# --- Who deletes a draft ------------------------------------------------------


def may_delete_page(user, page):
    """A page (with everything below it) is deleted only by its author, and
    only while none of it was ever issued."""
    if not user.is_active or page.is_root():
        return False
    if page.owner_id != user.pk:
        return False
    subtree = page.get_descendants(inclusive=True)
    if subtree.exclude(owner=user).exists():
        return False
    return not any(issued_reason(p) for p in subtree.specific())


class DraftDeletionMixin:
    """For a page permission tester: "delete" is :func:`may_delete_page`,
    within what the access rule lets the user edit (``may_edit``). Roles'
    page permissions do not widen it: issued pages are deleted by nobody."""

    def can_delete(self, ignore_bulk=False):
        if not (self.may_edit and {"add", "change"} & self.permissions):
            return False
        return may_delete_page(self.user, self.page)
