"""Follow-up tasks (督办, MTG-3): a meeting's decisions become tasks; the
responsible person starts them, reports progress, asks the chair for more
time and reports them done; the organiser checks and closes them (or
reopens them). Every action is one reversion revision and one trail event,
in one transaction. Overdue is computed from the due date, never stored."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import records
from portal.script import to_display

from ..models import FollowUpExtension, FollowUpProgress, FollowUpTask
from .circulation import recipient_language

State = FollowUpTask.State
Decision = FollowUpExtension.Decision
# Responsible people are reminded from this many days before the due date.
DUE_SOON_DAYS = 2


# --- The meeting's people ------------------------------------------------------


def _meeting_person_id(meeting, field):
    """The id of the meeting's ``chair`` or ``organiser`` (``None`` when the
    page names nobody), read from the page's own type."""
    return getattr(meeting.specific, f"{field}_id", None)


def is_chair(user, task):
    return user is not None and user.pk is not None and _meeting_person_id(task.meeting, "chair") == user.pk


def is_organiser(user, task):
    return (
        user is not None and user.pk is not None and _meeting_person_id(task.meeting, "organiser") == user.pk
    )


def is_responsible(user, task):
    return user is not None and task.responsible_id == user.pk


# --- Opening ---------------------------------------------------------------------


def _decision_label(number, text):
    short = text if len(text) <= 20 else text[:20] + "…"
    return (
        _("Decision %(number)s (%(text)s)") % {"number": number, "text": short}
        if short
        else _("Decision %(number)s") % {"number": number}
    )


def _check_decisions(decisions, today):
    problems = []
    for number, decision in enumerate(decisions, 1):
        text = (getattr(decision, "text", "") or "").strip()
        label = _decision_label(number, text)
        responsible = getattr(decision, "responsible", None)
        department = getattr(decision, "department", None) or getattr(responsible, "department", None)
        due_on = getattr(decision, "due_on", None)
        if not text:
            problems.append(_("%(decision)s: the decision's text is empty.") % {"decision": label})
        if responsible is None:
            problems.append(_("%(decision)s: choose the responsible person.") % {"decision": label})
        elif department is None:
            problems.append(_("%(decision)s: choose the responsible department.") % {"decision": label})
        if due_on is None:
            problems.append(_("%(decision)s: give the due date.") % {"decision": label})
        elif due_on < today:
            problems.append(_("%(decision)s: the due date is in the past.") % {"decision": label})
    return problems


def open_tasks(meeting, actor, decisions, request=None):
    """Open one follow-up task per decision of ``meeting`` (a meeting page),
    as one action (``followup.open``, one event naming every task).

    Each decision has ``text``, ``department`` (the responsible department;
    the responsible person's when ``None``), ``responsible`` (a user),
    ``due_on`` (a date) and ``pk`` (its key: a decision whose task is already
    open for this meeting is skipped). Refused as a whole, with the
    decisions and fields named, when a decision has no text, no responsible
    person or no due date, or a due date in the past. Returns the tasks
    opened (none: no event)."""
    meeting = meeting.specific
    decisions = list(decisions)
    problems = _check_decisions(decisions, timezone.localdate())
    if problems:
        raise ValidationError(problems)
    opened = set(FollowUpTask.objects.filter(meeting=meeting).values_list("decision_key", flat=True))
    new = []
    for decision in decisions:
        key = "" if getattr(decision, "pk", None) is None else str(decision.pk)
        if key and key in opened:
            continue
        responsible = decision.responsible
        new.append(
            FollowUpTask(
                meeting=meeting,
                meeting_title=meeting.title,
                decision_key=key,
                decision=decision.text.strip(),
                responsible_department=getattr(decision, "department", None) or responsible.department,
                responsible=responsible,
                due_on=decision.due_on,
                original_due_on=decision.due_on,
                opened_by=actor,
                department=getattr(meeting, "department", None),
                confidentiality=FollowUpTask.level_for(meeting),
            )
        )
    if not new:
        return []
    facts = {
        "meeting": meeting.pk,
        "tasks": [
            {
                "decision": task.decision_key,
                "responsible": {"id": task.responsible_id, "name": str(task.responsible)},
                "department": task.responsible_department_id,
                "due_on": task.due_on,
            }
            for task in new
        ],
    }
    with records.writing(
        "followup.open", actor, target=meeting, details=facts, request=request, department=meeting.department
    ) as action:
        action.save(*new)
    return new


# --- The task's life -------------------------------------------------------------


def _locked(task):
    return FollowUpTask.objects.select_for_update().get(pk=task.pk)


def _refuse_state(task, *allowed):
    if task.state not in allowed:
        raise ValidationError(
            _("This task is %(state)s: it cannot be changed this way.") % {"state": task.get_state_display()}
        )


def _details(task, **more):
    return {"task": task.pk, "meeting": task.meeting_id, "state": task.state, **more}


def start(task, user, request=None):
    """The responsible person starts work: 待办 → 进行中."""
    if not is_responsible(user, task):
        raise PermissionDenied(_("Only the responsible person starts this task."))
    with transaction.atomic():
        task = _locked(task)
        _refuse_state(task, State.TODO)
        task.state = State.IN_PROGRESS
        records.write("followup.start", user, task, details=_details(task), request=request)
    return task


def report_progress(
    task, user, *, reported_on=None, percent_done, problems="", measures="", evidence=(), request=None
):
    """The responsible person reports how far the task has come (a task to
    do is started by it). ``evidence``: documents."""
    if not is_responsible(user, task):
        raise PermissionDenied(_("Only the responsible person reports progress on this task."))
    reported_on = reported_on or timezone.localdate()
    if percent_done is None or not 0 <= percent_done <= 100:
        raise ValidationError(_("Percent done: give a number from 0 to 100."))
    if reported_on > timezone.localdate():
        raise ValidationError(_("Date: a progress report cannot be dated in the future."))
    with transaction.atomic():
        task = _locked(task)
        _refuse_state(task, State.TODO, State.IN_PROGRESS, State.EXTENSION_REQUESTED, State.EXTENDED)
        if task.state == State.TODO:
            task.state = State.IN_PROGRESS
        task.percent_done = percent_done
        with records.writing(
            "followup.progress",
            user,
            target=task,
            details=_details(task, percent_done=percent_done, reported_on=reported_on),
            request=request,
        ) as action:
            entry = FollowUpProgress(
                task=task,
                reported_on=reported_on,
                percent_done=percent_done,
                problems=problems,
                measures=measures,
                reported_by=user,
            )
            entry.save()
            entry.evidence.set(list(evidence))
            action.save(task)
            action.add(entry)
    return entry


def request_extension(task, user, *, new_due_on, reason, request=None):
    """The responsible person asks the chair for a later due date."""
    if not is_responsible(user, task):
        raise PermissionDenied(_("Only the responsible person asks for an extension of this task."))
    if new_due_on is None:
        raise ValidationError(_("New due date: give the date."))
    if new_due_on < timezone.localdate():
        raise ValidationError(_("New due date: the date is in the past."))
    if not (reason or "").strip():
        raise ValidationError(_("Reason: say why more time is needed."))
    with transaction.atomic():
        task = _locked(task)
        if new_due_on <= task.due_on:
            raise ValidationError(
                _("New due date: it must be after the current due date (%(due)s).") % {"due": task.due_on}
            )
        _refuse_state(task, State.TODO, State.IN_PROGRESS, State.EXTENDED)
        task.state = State.EXTENSION_REQUESTED
        extension = FollowUpExtension(
            task=task,
            previous_due_on=task.due_on,
            requested_due_on=new_due_on,
            reason=reason.strip(),
            requested_by=user,
        )
        records.write(
            "followup.request_extension",
            user,
            task,
            extension,
            details=_details(task, requested_due_on=new_due_on),
            request=request,
        )
    return extension


def decide_extension(task, user, *, approve, opinion="", request=None):
    """The meeting's chair approves the waiting extension (new due date,
    已延期) or refuses it (the due date stays; the task goes back to work)."""
    if not is_chair(user, task):
        raise PermissionDenied(_("Only the meeting's chair decides on an extension."))
    if not approve and not (opinion or "").strip():
        raise ValidationError(_("Opinion: say why the extension is not approved."))
    with transaction.atomic():
        task = _locked(task)
        extension = task.waiting_extension()
        if task.state != State.EXTENSION_REQUESTED or extension is None:
            raise ValidationError(_("No extension of this task is waiting for a decision."))
        extension.decision = Decision.APPROVED if approve else Decision.REFUSED
        extension.decided_by = user
        extension.decided_at = timezone.now()
        extension.opinion = (opinion or "").strip()
        if approve:
            task.due_on = extension.requested_due_on
            task.state = State.EXTENDED
        else:
            task.state = State.IN_PROGRESS
        records.write(
            "followup.decide_extension",
            user,
            task,
            extension,
            details=_details(task, decision=extension.decision, due_on=task.due_on),
            request=request,
        )
    return extension


def complete(task, user, *, note="", request=None):
    """The responsible person reports the task done (100 %)."""
    if not is_responsible(user, task):
        raise PermissionDenied(_("Only the responsible person reports this task done."))
    with transaction.atomic():
        task = _locked(task)
        _refuse_state(task, State.TODO, State.IN_PROGRESS, State.EXTENDED)
        task.state = State.COMPLETED
        task.percent_done = 100
        task.completed_at = timezone.now()
        task.completion_note = (note or "").strip()
        records.write("followup.complete", user, task, details=_details(task), request=request)
    return task


def close(task, user, *, opinion="", request=None):
    """The meeting's organiser checks the work and closes the task."""
    if not is_organiser(user, task):
        raise PermissionDenied(_("Only the meeting's organiser checks and closes this task."))
    with transaction.atomic():
        task = _locked(task)
        if task.state != State.COMPLETED:
            raise ValidationError(_("Only a completed task can be checked and closed."))
        task.state = State.CLOSED
        task.closed_by = user
        task.closed_at = timezone.now()
        task.check_opinion = (opinion or "").strip()
        records.write("followup.close", user, task, details=_details(task), request=request)
    return task


def reopen(task, user, *, opinion, request=None):
    """The organiser sends a completed task back: the work does not pass the check."""
    if not is_organiser(user, task):
        raise PermissionDenied(_("Only the meeting's organiser reopens this task."))
    if not (opinion or "").strip():
        raise ValidationError(_("Opinion: say what is still to be done."))
    with transaction.atomic():
        task = _locked(task)
        if task.state != State.COMPLETED:
            raise ValidationError(_("Only a completed task can be reopened."))
        task.state = State.IN_PROGRESS
        task.completed_at = None
        task.check_opinion = opinion.strip()
        records.write("followup.reopen", user, task, details=_details(task), request=request)
    return task


# --- Reminders ---------------------------------------------------------------------


def due_tasks(today=None):
    """Open tasks overdue or due within ``DUE_SOON_DAYS`` days, whose
    responsible person was not reminded today."""
    today = today or timezone.localdate()
    return (
        FollowUpTask.objects.open()
        .exclude(state=State.EXTENSION_REQUESTED)
        .filter(due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS), responsible__is_active=True)
        .exclude(last_reminded_on=today)
    )


def waiting_extensions(today=None):
    """Extensions waiting for a chair's decision, not reminded today."""
    today = today or timezone.localdate()
    return FollowUpExtension.objects.filter(
        decision=Decision.PENDING, task__state=State.EXTENSION_REQUESTED
    ).exclude(last_reminded_on=today)


def _task_link(task):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("followup:inspect", args=[task.pk])


def _mail(recipient, subject, template, context):
    if not recipient.email:
        return False
    with translation.override(recipient_language(recipient)):
        body = render_to_string(template, context)
        send_mail(settings.EMAIL_SUBJECT_PREFIX + str(subject()), body, None, [recipient.email])
    return True


def send_reminders(today=None):
    """For ``run_periodic``: remind responsible people of their overdue tasks
    and those due within two days, and chairs of the extensions waiting for
    them; each at most once a day, each reminder one event
    (``followup.remind``). Returns how many reminders went out."""
    today = today or timezone.localdate()
    sent = 0
    for pk in due_tasks(today).values_list("pk", flat=True):
        with transaction.atomic():
            task = due_tasks(today).select_for_update().filter(pk=pk).select_related("responsible").first()
            if task is None:
                continue
            task.last_reminded_on = today
            overdue = task.due_on < today
            records.write(
                "followup.remind",
                None,
                task,
                details=_details(task, recipient=task.responsible_id, due_on=task.due_on, overdue=overdue),
            )
        _mail(
            task.responsible,
            lambda task=task, overdue=overdue: (
                (
                    _("Overdue follow-up task: %(title)s")
                    if overdue
                    else _("Follow-up task due soon: %(title)s")
                )
                % {"title": to_display(task.title)}
            ),
            "registers/email/followup.txt",
            {"task": task, "overdue": overdue, "url": _task_link(task), "extension": None},
        )
        sent += 1
    for pk in waiting_extensions(today).values_list("pk", flat=True):
        with transaction.atomic():
            extension = (
                waiting_extensions(today).select_for_update().filter(pk=pk).select_related("task").first()
            )
            chair = None if extension is None else getattr(extension.task.meeting.specific, "chair", None)
            if chair is None or not chair.is_active:
                continue
            extension.last_reminded_on = today
            records.write(
                "followup.remind",
                None,
                extension,
                target=extension.task,
                details=_details(extension.task, recipient=chair.pk, extension=extension.pk),
            )
        task = extension.task
        _mail(
            chair,
            lambda task=task: (
                _("Extension waiting for your decision: %(title)s") % {"title": to_display(task.title)}
            ),
            "registers/email/followup.txt",
            {"task": task, "overdue": task.overdue, "url": _task_link(task), "extension": extension},
        )
        sent += 1
    return sent
