"""Circulation (DOC-3, DOC-4): send a published record to readers, note when
each first reads it, take their comments, record the paper slip's
signatures and remind those who have not read it by the deadline. Every
write is a reversion version and a trail event, in one transaction."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.users.models import UserProfile

from portal import records, trail
from portal.access import rules
from portal.access.rules import Action
from portal.access.subjects import roles_of, subject_for
from portal.accounts.roles import Role

from ..models import Circulation, CirculationReceipt

REMINDER_INTERVAL = datetime.timedelta(hours=24)
# Readers are reminded from this long before the deadline.
REMINDER_LEAD = datetime.timedelta(hours=24)
# Who sees every circulation status they may read the record of.
OVERSIGHT_ROLES = frozenset({Role.LEADERSHIP, Role.ARCHIVIST, Role.INTERNAL_AUDIT})


# --- Who may do what ---------------------------------------------------------


def may_circulate(user, page):
    """Editors of a live record circulate it."""
    return page.live and page.specific.permissions_for_user(user).can_edit()


def records_to_circulate(user, query="", limit=30):
    """The live records ``user`` may circulate, the latest published first
    (``query`` narrows by title): what the "circulate a record" chooser
    offers. Records are the leaf page types; folders are not circulated."""
    pages = (
        Page.objects.live()
        .filter(rules.page_filter(user, Action.VIEW))
        .exclude(depth__lte=2)
        .order_by("-last_published_at", "-pk")
    )
    if query:
        pages = pages.filter(title__icontains=query)
    found = []
    for page in pages.specific().iterator(chunk_size=100):
        if page.specific_class.allowed_subpage_models() or not may_circulate(user, page):
            continue
        found.append(page)
        if len(found) == limit:
            break
    return found


def may_see_status(user, page):
    """The record's editors, those who circulated it, heads of its department
    and the oversight roles see who read it (if they may read it themselves)."""
    page = page.specific
    if not rules.can(user, Action.VIEW, page):
        return False
    if roles_of(user) & OVERSIGHT_ROLES or page.permissions_for_user(user).can_edit():
        return True
    if getattr(page, "department_id", None) in subject_for(user).headed:
        return True
    return Circulation.objects.filter(page=page, sender=user).exists()


def may_record_paper_signature(user, page):
    return Role.ARCHIVIST in roles_of(user) and rules.can(user, Action.VIEW, page.specific)


# --- Sending -----------------------------------------------------------------


def expand_recipients(users=(), departments=(), groups=()):
    """The distinct active people named directly, through a department
    (its members and heads) or through a role."""
    chosen = Q(pk__in=[u.pk for u in users])
    if departments:
        chosen |= Q(department__in=departments) | Q(headed_departments__in=departments)
    if groups:
        chosen |= Q(groups__in=groups)
    found = get_user_model().objects.filter(chosen, is_active=True).values("pk")
    return list(get_user_model().objects.filter(pk__in=found).order_by("department__sort_order", "username"))


def circulate(page, sender, *, recipients, kind=Circulation.Kind.READ, instruction="", deadline=None):
    """Send ``page`` to ``recipients``; refused as a whole when the page is
    not live, the deadline has passed or a recipient may not read it."""
    page = page.specific
    if not page.live:
        raise ValidationError(_("Only a published record can be circulated."))
    if deadline is not None and deadline <= timezone.now():
        raise ValidationError(_("The deadline must be in the future."))
    if not recipients:
        raise ValidationError(_("Choose at least one recipient."))
    refused = [user for user in recipients if not rules.can(user, Action.VIEW, page)]
    if refused:
        raise ValidationError(
            _("These recipients may not read this record: %(names)s. Remove them or ask for a grant first.")
            % {"names": "、".join(str(user) for user in refused)}
        )
    facts = {
        "page": page.pk,
        "kind": kind,
        "deadline": deadline,
        "recipients": [{"id": user.pk, "name": str(user)} for user in recipients],
    }
    with records.writing("circulation.send", sender, details=facts) as action:
        circulation = Circulation(
            page=page,
            title=page.title,
            document_number=getattr(page, "document_number", "") or "",
            department=getattr(page, "department", None),
            confidentiality=Circulation.level_for(page),
            kind=kind,
            sender=sender,
            instruction=instruction,
            deadline=deadline,
        )
        circulation.save()
        CirculationReceipt.objects.bulk_create(
            CirculationReceipt(circulation=circulation, recipient=user) for user in recipients
        )
        action.add(circulation)  # its receipts follow it into the revision
        action.target = circulation
    for receipt in circulation.receipts.select_related("recipient"):
        notify(receipt, reminder=False)
    return circulation


def page_link(page):
    url = page.specific.get_url() or ""
    return url if url.startswith("http") else settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def recipient_language(user):
    """The language the recipient chose in their account settings."""
    language = UserProfile.get_for_user(user).preferred_language
    return language if language in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def notify(receipt, *, reminder):
    """E-mail the recipient, in their language: the circulation itself, or a
    reminder."""
    recipient = receipt.recipient
    if not recipient.email:
        return False
    with translation.override(recipient_language(recipient)):
        _send(receipt, reminder)
    return True


def _send(receipt, reminder):
    recipient = receipt.recipient
    circulation = receipt.circulation
    context = {"circulation": circulation, "receipt": receipt, "reminder": reminder}
    context["url"] = page_link(circulation.page)
    if reminder:
        subject = _("Reminder: please read %(title)s") % {"title": circulation.title}
    else:
        subject = _("%(kind)s: %(title)s") % {
            "kind": circulation.get_kind_display(),
            "title": circulation.title,
        }
    body = render_to_string("registers/email/circulation.txt", context)
    send_mail(settings.EMAIL_SUBJECT_PREFIX + subject, body, None, [recipient.email])


# --- Reading and commenting --------------------------------------------------


def record_read(page, user, request=None):
    """Note the first opening of ``page`` by each circulation's recipient.
    Returns the receipts marked read."""
    if not user.is_authenticated:
        return []
    unread = CirculationReceipt.objects.filter(circulation__page_id=page.pk, recipient=user, read_at=None)
    if not unread.exists():
        return []
    marked = []
    with transaction.atomic():
        for receipt in unread.select_for_update().select_related("circulation"):
            receipt.read_at = timezone.now()
            records.write(
                "circulation.read",
                user,
                receipt,
                request=request,
                details={"circulation": receipt.circulation_id, "page": page.pk},
            )
            marked.append(receipt)
    return marked


def add_comment(receipt, user, text, request=None):
    """The recipient's comment (阅批意见). A later comment replaces the one
    shown; every comment stays in the versions and the trail."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a comment first."))
    with transaction.atomic():
        receipt = (
            CirculationReceipt.objects.select_for_update().select_related("circulation").get(pk=receipt.pk)
        )
        if receipt.recipient_id != user.pk or not rules.can(
            user, Action.VIEW, receipt.circulation.page.specific
        ):
            raise PermissionDenied
        now = timezone.now()
        receipt.read_at = receipt.read_at or now
        receipt.comment, receipt.commented_at = text, now
        records.write(
            "circulation.comment",
            user,
            receipt,
            request=request,
            details={"circulation": receipt.circulation_id, "comment": text},
        )
    return receipt


# --- The paper slip ------------------------------------------------------------


def record_paper_signature(receipt, archivist, *, signed_by, signed_on, request=None):
    """An archivist copies a signature from the paper slip into the record."""
    signed_by = signed_by.strip()
    if not signed_by:
        raise ValidationError(_("Enter the name written on the slip."))
    if signed_on > timezone.localdate():
        raise ValidationError(_("The date of signing cannot be in the future."))
    with transaction.atomic():
        receipt = (
            CirculationReceipt.objects.select_for_update().select_related("circulation").get(pk=receipt.pk)
        )
        if not may_record_paper_signature(archivist, receipt.circulation.page):
            raise PermissionDenied
        if signed_on < timezone.localdate(receipt.circulation.created_at):
            raise ValidationError(_("The date of signing cannot come before the circulation was sent."))
        receipt.paper_signed_by, receipt.paper_signed_on = signed_by, signed_on
        receipt.paper_recorded_by, receipt.paper_recorded_at = archivist, timezone.now()
        records.write(
            "circulation.paper_signature",
            archivist,
            receipt,
            request=request,
            details={"circulation": receipt.circulation_id, "signed_by": signed_by, "signed_on": signed_on},
        )
    return receipt


def record_slip_printed(request, circulation):
    trail.record("print", request=request, target=circulation, details={"document": "circulation_slip"})


# --- Reminders -------------------------------------------------------------------


def due_reminders(now):
    """Unread receipts past or within a day of their deadline, not reminded
    in the last day."""
    return CirculationReceipt.objects.filter(
        read_at=None,
        recipient__is_active=True,
        circulation__deadline__isnull=False,
        circulation__deadline__lte=now + REMINDER_LEAD,
    ).filter(Q(last_reminded_at=None) | Q(last_reminded_at__lte=now - REMINDER_INTERVAL))


def send_reminders(now=None):
    """For ``run_periodic``: remind each due reader once. Returns how many
    reminders went out; running it again at once sends none."""
    now = now or timezone.now()
    sent = 0
    for pk in due_reminders(now).values_list("pk", flat=True):
        with transaction.atomic():
            receipt = (
                due_reminders(now)
                .select_for_update()
                .select_related("circulation", "recipient")
                .filter(pk=pk)
                .first()
            )
            if receipt is None or not rules.can(
                receipt.recipient, Action.VIEW, receipt.circulation.page.specific
            ):
                continue
            receipt.last_reminded_at = now
            records.write(
                "circulation.remind",
                None,
                receipt,
                details={
                    "circulation": receipt.circulation_id,
                    "recipient": receipt.recipient_id,
                    "deadline": receipt.circulation.deadline,
                    "overdue": receipt.circulation.deadline < now,
                },
            )
        notify(receipt, reminder=True)
        sent += 1
    return sent
