"""Meeting notice and attendance (MTG-1): the notice is a circulation of the
published meeting to everyone it names, with a reply deadline; each person
answers (attend, decline, send a delegate), signs in on the day, or an
archivist records the paper sign-in sheet. Every action is one trail event
(``records.writing``), the notice's circulation included."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import records
from portal.access import rules
from portal.access.mirror import mirror
from portal.access.rules import Action
from portal.access.subjects import roles_of
from portal.accounts.roles import Role

from ..models import Circulation, MeetingAttendance
from . import circulation as circulation_service

Response = MeetingAttendance.Response


# --- Who may do what ---------------------------------------------------------


def is_meeting(page):
    return hasattr(page.specific, "named_people") and hasattr(page.specific, "starts_at")


def may_send_notice(user, page):
    """The organiser, the chair and the meeting's editors send the notice of
    a published meeting that has not started."""
    page = page.specific
    if not is_meeting(page) or not page.live or not user.is_authenticated:
        return False
    if page.starts_at is not None and page.starts_at <= timezone.now():
        return False
    if not rules.can(user, Action.VIEW, page):
        return False
    return user.pk in (page.organiser_id, page.chair_id) or circulation_service.may_circulate(user, page)


def may_record_paper_sign_in(user, page):
    """Archivists who read the meeting, once it has started."""
    page = page.specific
    return (
        is_meeting(page)
        and user.is_authenticated
        and Role.ARCHIVIST in roles_of(user)
        and rules.can(user, Action.VIEW, page)
        and page.starts_at is not None
        and page.starts_at <= timezone.now()
    )


def attendance_of(page, user):
    """The attendance rows of ``page`` that ``user`` may read, in order."""
    return (
        MeetingAttendance.objects.filter(page_id=page.pk)
        .filter(rules.filter_for(user, Action.VIEW, MeetingAttendance))
        .select_related("attendee__department", "delegate__department", "recorded_by", "paper_sheet")
        .order_by("attendee__department__sort_order", "attendee__username")
    )


def own_attendance(page, user):
    """The row ``user`` answers (as attendee) on ``page``, if any."""
    if not user.is_authenticated:
        return None
    return MeetingAttendance.objects.filter(page_id=page.pk, attendee=user).first()


def may_check_in(user, attendance, now=None):
    """The attendee (or their delegate) signs in on the day of the meeting,
    once."""
    if attendance.checked_in_at is not None or not user.is_authenticated:
        return False
    if user.pk not in (attendance.attendee_id, attendance.delegate_id):
        return False
    page = attendance.page.specific
    if page.starts_at is None:
        return False
    today = timezone.localdate(now or timezone.now())
    ends = page.ends_at or page.starts_at
    return timezone.localdate(page.starts_at) <= today <= timezone.localdate(ends)


# --- The notice --------------------------------------------------------------


def default_instruction(page, reply_by):
    return _("Please confirm by %(deadline)s whether you will attend, or name a delegate.") % {
        "deadline": timezone.localtime(reply_by).strftime("%Y-%m-%d %H:%M")
    }


def send_notice(page, sender, *, instruction="", reply_by=None, request=None):
    """Circulate the published meeting to everyone it names (attendees,
    chair, organiser, minute-taker) through the circulation service, with
    ``instruction`` and a reply deadline (the meeting's start unless given),
    and open an attendance row for each. Sending it again reaches the same
    people and anyone named since; answers already given stay."""
    page = page.specific
    if not may_send_notice(sender, page):
        raise PermissionDenied
    reply_by = reply_by or page.starts_at
    if page.starts_at is not None and reply_by > page.starts_at:
        raise ValidationError(_("Reply by: the deadline cannot be after the meeting starts."))
    recipients = [user for user in page.named_people() if user.is_active]
    instruction = instruction.strip() or default_instruction(page, reply_by)
    facts = {"page": page.pk, "reply_by": reply_by, "attendees": [u.pk for u in recipients]}
    with records.writing("meeting.notice", sender, target=page, details=facts, request=request) as action:
        notice = circulation_service.circulate(
            page,
            sender,
            recipients=recipients,
            kind=Circulation.Kind.ACTION,
            instruction=instruction,
            deadline=reply_by,
        )
        existing = {row.attendee_id: row for row in MeetingAttendance.objects.filter(page=page)}
        for user in recipients:
            row = existing.get(user.pk) or MeetingAttendance(
                page=page,
                attendee=user,
                department=getattr(page, "department", None),
                confidentiality=Circulation.level_for(page),
            )
            row.notice, row.reply_by = notice, reply_by
            action.save(row)
        action.target = page
    return notice


# --- Answers -----------------------------------------------------------------


def respond(attendance, user, response, *, delegate=None, reason="", request=None):
    """The attendee's answer: attend, decline (with a reason) or send a
    delegate (with a reason): an employee, who reads the meeting while they
    are its delegate (the meeting names them, :meth:`access_named`). A later answer replaces
    the one shown; each stays in the versions and the trail."""
    reason = (reason or "").strip()
    if response not in (Response.ATTEND, Response.DECLINE, Response.DELEGATE):
        raise ValidationError(_("Response: choose attending, not attending or sending a delegate."))
    with transaction.atomic():
        attendance = (
            MeetingAttendance.objects.select_for_update().select_related("page").get(pk=attendance.pk)
        )
        page = attendance.page.specific
        if attendance.attendee_id != user.pk or not rules.can(user, Action.VIEW, page):
            raise PermissionDenied
        if page.starts_at is not None and page.starts_at <= timezone.now():
            raise ValidationError(_("Response: the meeting has already started."))
        if response == Response.DELEGATE:
            if delegate is None:
                raise ValidationError(_("Delegate: name who attends in your place."))
            if delegate.pk == user.pk or not delegate.is_active:
                raise ValidationError(_("Delegate: choose an active colleague other than yourself."))
            if Role.EXTERNAL_AUDITOR in roles_of(delegate):
                raise ValidationError(
                    _("Delegate: %(name)s may not read this meeting; choose someone who may.")
                    % {"name": delegate}
                )
        else:
            delegate = None
        if response in (Response.DECLINE, Response.DELEGATE) and not reason:
            raise ValidationError(_("Reason: give the reason for not attending in person."))
        if response == Response.ATTEND:
            reason = ""
        attendance.response, attendance.delegate, attendance.reason = response, delegate, reason
        attendance.responded_at = timezone.now()
        with records.writing(
            "meeting.respond",
            user,
            target=attendance,
            request=request,
            details={
                "page": page.pk,
                "response": response,
                "delegate": delegate.pk if delegate else None,
                "reason": reason,
            },
        ) as action:
            action.save(attendance)
            # The delegate reads this attendance row (they sign in on it) and,
            # through the meeting's named people, the meeting itself.
            attendance.participants.set([delegate] if delegate else [])
            mirror(page)
    return attendance


# --- Signing in --------------------------------------------------------------


def check_in(attendance, user, *, request=None):
    """The attendee, or their delegate, signs in on the day of the meeting."""
    with transaction.atomic():
        attendance = (
            MeetingAttendance.objects.select_for_update().select_related("page").get(pk=attendance.pk)
        )
        if user.pk not in (attendance.attendee_id, attendance.delegate_id) or not rules.can(
            user, Action.VIEW, attendance.page.specific
        ):
            raise PermissionDenied
        if attendance.checked_in_at is not None:
            raise ValidationError(_("Sign-in: you have already signed in."))
        if not may_check_in(user, attendance):
            raise ValidationError(_("Sign-in: signing in is open on the day of the meeting only."))
        attendance.checked_in_at = timezone.now()
        attendance.check_in_method = MeetingAttendance.CheckIn.SELF
        records.write(
            "meeting.check_in",
            user,
            attendance,
            request=request,
            details={"page": attendance.page_id, "attendee": attendance.attendee_id, "by": user.pk},
        )
    return attendance


def record_paper_sign_in(page, archivist, *, sheet, signed, title="", request=None):
    """An archivist uploads the scanned paper sign-in sheet (kept as a
    document with the meeting's department and level) and ticks who signed
    it (``signed``: attendance rows of this meeting)."""
    from wagtail.documents import get_document_model

    page = page.specific
    if not may_record_paper_sign_in(archivist, page):
        raise PermissionDenied
    if not sheet:
        raise ValidationError(_("Paper sign-in sheet: upload the scanned sheet."))
    signed = list(signed)
    if not signed:
        raise ValidationError(_("Signed: tick at least one person who signed the sheet."))
    if any(row.page_id != page.pk for row in signed):
        raise ValidationError(_("Signed: tick only people of this meeting."))
    if any(row.checked_in_at is not None for row in signed):
        names = "、".join(str(row.attendee) for row in signed if row.checked_in_at is not None)
        raise ValidationError(_("Signed: already signed in: %(names)s.") % {"names": names})
    facts = {"page": page.pk, "attendees": [row.attendee_id for row in signed]}
    with records.writing(
        "meeting.paper_sign_in", archivist, target=page, details=facts, request=request
    ) as action:
        document = get_document_model()(
            title=title or _("Sign-in sheet: %(title)s") % {"title": page.title},
            file=sheet,
            department=getattr(page, "department", None),
            confidentiality=Circulation.level_for(page),
            uploaded_by_user=archivist,
        )
        document.save()
        action.details["sheet"] = document.pk
        for row in signed:
            row.checked_in_at = page.starts_at
            row.check_in_method = MeetingAttendance.CheckIn.PAPER
            row.paper_sheet, row.recorded_by = document, archivist
            action.save(row)
    return document


# --- On the meeting's page -----------------------------------------------------


def page_context(page, user):
    """What the meeting's page shows of its notice and attendance to
    ``user``: the rows they may read grouped by answer, their own row with
    what they may do, and whether they may send the notice or record the
    paper sheet."""
    rows = list(attendance_of(page, user))
    own = own_attendance(page, user)
    user_id = getattr(user, "pk", None)
    delegated = [row for row in rows if row.delegate_id == user_id and row.response == Response.DELEGATE]
    started = page.starts_at is not None and page.starts_at <= timezone.now()
    groups = [(label, [row for row in rows if row.response == value]) for value, label in Response.choices]
    return {
        "rows": rows,
        "groups": groups,
        "signed_in": [row for row in rows if row.checked_in_at],
        "own": own,
        "may_respond": own is not None and not started,
        "may_check_in": [row for row in [own, *delegated] if row is not None and may_check_in(user, row)],
        "may_send_notice": may_send_notice(user, page),
        "may_record_paper": may_record_paper_sign_in(user, page) and any(not r.checked_in_at for r in rows),
        "responses": [(value, label) for value, label in Response.choices if value != Response.PENDING],
        "candidates": _delegate_candidates(page, user) if own is not None and not started else [],
    }


def _delegate_candidates(page, user):
    """Active colleagues of the attendee's department, for the delegate's list."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(is_active=True).exclude(pk=user.pk).select_related("department")
    if getattr(user, "department_id", None):
        people = people.filter(department_id=user.department_id)
    return list(people.order_by("username")[:100])
