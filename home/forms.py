"""The admin form of record pages: a draft may be saved incomplete, but
submitting it for approval is refused with one message listing every missing
field (P-2) and every countersigner who may not read it. Publishing from the
editor is refused: a record goes live only through its workflow."""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm

from portal.approvals import routing

SUBMITTING_ACTIONS = ("action-submit", "action-restart-workflow")
PUBLISHING_ACTION = "action-publish"
PUBLISH_REFUSED = gettext_lazy(
    "A record goes live only through the final approval of its workflow: submit it for approval."
)


class RecordPageForm(WagtailAdminPageForm):
    def is_submitting(self):
        return any(self.data.get(action) for action in SUBMITTING_ACTIONS)

    def clean(self):
        cleaned_data = super().clean()
        if self.is_bound and self.data.get(PUBLISHING_ACTION):
            raise ValidationError(PUBLISH_REFUSED)
        if self.is_bound and self.is_submitting() and not self.errors:
            self.check_complete()
        return cleaned_data

    def check_complete(self):
        # The instance is not yet updated at clean(): judge a copy that is.
        page = self.instance
        if page.pk is None and self.parent_page is not None:
            page._parent_page = self.parent_page  # what a page being made is filed under
        fields = {f.name: f for f in page._meta.get_fields()}
        for name, value in self.cleaned_data.items():
            field = fields.get(name)
            if name in {f.name for f in page._meta.concrete_fields} or isinstance(
                field, ParentalManyToManyField
            ):
                setattr(page, name, value)
        missing = page.missing_for_submission()
        problems = page.submission_problems() if hasattr(page, "submission_problems") else []
        problems += routing.submission_problems(page, self.for_user)
        if missing:
            message = _(
                "This record cannot be submitted for approval until these fields are filled in: %(fields)s."
            )
            problems.insert(0, message % {"fields": "、".join(missing)})
        if problems:
            raise ValidationError(problems)


class RecordCopyForm(CopyForm):
    """Copying a record makes a new draft: its copy is neither published nor
    an alias kept live with the original."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("publish_copies", None)
        self.fields.pop("alias", None)


class MeetingPageForm(RecordPageForm):
    """A meeting's form also refuses, with the field named, a meeting that
    ends before it starts, one with neither a place nor a video link, and
    naming someone who may not read it (an external auditor, a disabled
    account): being named lets an employee read it, never a visitor."""

    PEOPLE = ("chair", "organiser", "minute_taker")

    def clean(self):
        cleaned_data = super().clean()
        starts, ends = cleaned_data.get("starts_at"), cleaned_data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting's end must come after its start."))
        if "place" in self.fields and not (cleaned_data.get("place") or cleaned_data.get("video_link")):
            self.add_error("place", _("Give the meeting's place or its video link (at least one)."))
        for name in (*self.PEOPLE, "attendees"):
            value = cleaned_data.get(name)
            people = [value] if name in self.PEOPLE else list(value or ())
            refused = [
                user.get_full_name() for user in people if user is not None and not self.may_read(user)
            ]
            if refused:
                self.add_error(
                    name,
                    _("These people may not read this meeting and cannot be named on it: %(names)s.")
                    % {"names": "、".join(refused)},
                )
        self.check_external_attendees()
        return cleaned_data

    def check_external_attendees(self):
        formset = self.formsets.get("external_attendees")
        for form in formset.forms if formset is not None else ():
            form.errors  # noqa: B018 (cleans it: a draft defers "required", not this)
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not (data.get("name") or data.get("organisation")):
                continue
            for name in ("name", "organisation"):
                if not data.get(name):
                    form.add_error(name, _("An external attendee needs a name and an organisation."))

    def may_read(self, user):
        return may_be_named(self, user)


def may_be_named(form, user):
    """Whether naming ``user`` on the page ``form`` edits lets them read it:
    any active employee, being named; a visitor (external auditor) or a
    disabled account only if they read it already."""
    from portal.access import rules
    from portal.access.rules import Action
    from portal.access.subjects import subject_for

    subject = subject_for(user)
    if subject.signed_in and not subject.visitor:
        return True  # named on the page, they read it
    page = copy.copy(form.instance)
    for field in ("department", "confidentiality"):
        if field in form.cleaned_data:
            setattr(page, field, form.cleaned_data[field])
    return rules.can(user, Action.VIEW, page)


class MeetingMaterialPageForm(RecordPageForm):
    """A meeting material's form offers only the levels its owning department
    does not read (the scope names its readers), files the material under
    its meeting's department, and refuses, with the field named, a person in
    scope or responsible who may not read it (an external auditor, a
    disabled account)."""

    PEOPLE = (("participants", gettext_lazy("People in distribution scope")), ("responsible", None))

    def __init__(self, *args, **kwargs):
        from portal.access import policy

        super().__init__(*args, **kwargs)
        levels = policy.named_only_levels()
        field = self.fields.get("confidentiality")
        if field is not None:
            field.choices = [(value, label) for value, label in field.choices if value in levels]
            if self.instance.pk is None:
                self.initial["confidentiality"] = max(levels) if levels else None
        parent = getattr(self, "parent_page", None)
        if self.instance.pk is None and parent is not None and "department" in self.fields:
            self.initial.setdefault("department", getattr(parent.specific, "department_id", None))

    def clean(self):
        cleaned_data = super().clean()
        for name, label in self.PEOPLE:
            value = cleaned_data.get(name)
            people = list(value or ()) if name == "participants" else [value]
            refused = [
                user.get_full_name() for user in people if user is not None and not may_be_named(self, user)
            ]
            if refused:
                message = _(
                    "%(field)s: these people may not read this material and cannot be named on it: %(names)s."
                )
                names = {"field": label or self.fields[name].label, "names": "、".join(refused)}
                self.add_error(name, message % names)
        return cleaned_data


def _kept_rows(formset):
    """The cleaned rows of ``formset`` that are neither deleted nor empty."""
    if formset is None or not formset.is_valid():
        return []
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class ProjectPageForm(RecordPageForm):
    """A project's dates, milestones, budget and team must agree with one
    another (PRJ-1): each problem is refused with the field it concerns, and
    nothing is saved."""

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("End date: the project cannot end before it starts."))
            start = end = None
        problems = []
        for row in _kept_rows(self.formsets.get("milestones")):
            due = row.get("due_date")
            if due and ((start and due < start) or (end and due > end)):
                problems.append(
                    _("Milestone “%(name)s”: its due date %(due)s lies outside the project's dates.")
                    % {"name": row.get("name"), "due": due.isoformat()}
                )
        lines = _kept_rows(self.formsets.get("budget_lines"))
        total = cleaned_data.get("budget_total")
        if total is not None and total < 0:
            self.add_error("budget_total", _("Budget total: the amount cannot be negative."))
        for row in lines:
            if row.get("amount") is not None and row["amount"] < 0:
                problems.append(
                    _("Budget breakdown “%(item)s”: the amount cannot be negative.")
                    % {"item": row.get("item")}
                )
        amounts = [row["amount"] for row in lines if row.get("amount") is not None]
        if total is not None and amounts and sum(amounts) != total:
            problems.append(
                _("Budget breakdown: the lines add up to %(sum)s, not the budget total %(total)s.")
                % {"sum": sum(amounts), "total": total}
            )
        seen = set()
        for row in _kept_rows(self.formsets.get("team")):
            user = row.get("user")
            if user is not None and user.pk in seen:
                problems.append(_("Team: %(name)s is listed twice.") % {"name": user.get_full_name() or user})
            elif user is not None:
                seen.add(user.pk)
        for problem in problems:
            self.add_error(None, problem)
        return cleaned_data


def _limited_form(form_class, querysets):
    """``form_class`` with the choices of its fields narrowed to ``querysets``
    (name -> queryset), for every row of a formset, the empty one included."""

    class Limited(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, queryset in querysets.items():
                if name in self.fields:
                    self.fields[name].queryset = queryset

    Limited.__name__ = form_class.__name__
    return Limited


RECORDING_EXTENSIONS = ("mp3", "m4a", "wav", "mp4", "webm")


class MeetingMinutesPageForm(RecordPageForm):
    """Minutes refer only to their own meeting's agenda items and people;
    each decision names its responsible department and person and its due
    date; recordings are audio or video files; minutes that were approved
    change only with a stated reason (a correction, approved again)."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        from django.contrib.auth import get_user_model

        from .models import MeetingAgendaItem, MeetingExternalAttendee

        meeting = parent_page.specific if parent_page is not None else self.instance.meeting
        self.meeting = self.instance._meeting = meeting
        agenda = MeetingAgendaItem.objects.filter(page_id=getattr(meeting, "pk", None))
        people = [user.pk for user in meeting.named_people()] if meeting is not None else []
        limits = {
            "agenda_item": agenda,
            "attendee": get_user_model().objects.filter(pk__in=people),
            "external_attendee": MeetingExternalAttendee.objects.filter(page_id=getattr(meeting, "pk", None)),
        }
        for formset in self.formsets.values():
            formset.form = _limited_form(formset.form, limits)
        if self.instance.pk is None and meeting is not None and not self.is_bound:
            for name in ("department", "confidentiality"):
                if name in self.fields:
                    self.initial[name] = getattr(meeting, f"{name}_id" if name == "department" else name)

    def clean(self):
        self.check_correction_reason()
        self.check_decisions()
        self.check_recordings()
        self.check_consents()
        return super().clean()

    def check_correction_reason(self):
        page = self.instance
        if page.pk is None or page.first_published_at is None or "correction_reason" not in self.fields:
            return
        approved = type(page).objects.get(pk=page.pk)
        reason = (self.cleaned_data.get("correction_reason") or "").strip()
        if not reason or reason == approved.correction_reason.strip():
            self.add_error(
                "correction_reason",
                _(
                    "Reason for the correction: these minutes were approved; "
                    "state what this correction changes and why."
                ),
            )

    def check_decisions(self):
        messages = {
            "text": _("Resolution %(number)s: write the decision."),
            "department": _("Resolution %(number)s: give the responsible department."),
            "responsible": _("Resolution %(number)s: give the responsible person."),
            "due_on": _("Resolution %(number)s: give the due date."),
        }
        meeting_day = None
        if self.meeting is not None and self.meeting.starts_at:
            from django.utils import timezone

            meeting_day = timezone.localtime(self.meeting.starts_at).date()
        formset = self.formsets.get("decisions")
        number = 0
        for form in formset.forms if formset is not None else ():
            form.errors  # noqa: B018 (cleans it: a draft defers "required", not this)
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not any(data.get(name) for name in messages):
                continue
            number += 1
            for name, message in messages.items():
                if not data.get(name) and name not in form.errors:
                    form.add_error(name, message % {"number": number})
            due = data.get("due_on")
            if due and meeting_day and due < meeting_day:
                form.add_error(
                    "due_on",
                    _("Resolution %(number)s: the due date cannot come before the meeting (%(day)s).")
                    % {"number": number, "day": meeting_day.isoformat()},
                )

    def check_recordings(self):
        recordings = self.cleaned_data.get("recordings")
        wrong = []
        for block in recordings or ():
            document = block.value.get("document")
            if document is not None and document.file_extension.lower() not in RECORDING_EXTENSIONS:
                wrong.append(document.title)
        if wrong:
            self.add_error(
                None,
                _("Recordings: only audio or video files (%(types)s) are accepted, not: %(files)s.")
                % {"types": "、".join(RECORDING_EXTENSIONS), "files": "、".join(wrong)},
            )

    def consent_rows(self):
        return [
            (row.get("attendee"), row.get("external_attendee"))
            for row in _kept_rows(self.formsets.get("recording_consents"))
        ]

    def check_complete(self):
        # The consent rows are the form's, not yet the page's.
        self.instance.consents_in_form = self.consent_rows()
        super().check_complete()

    def check_consents(self):
        formset = self.formsets.get("recording_consents")
        for form in formset.forms if formset is not None else ():
            form.errors  # noqa: B018
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not any(
                data.get(n) for n in ("attendee", "external_attendee", "method")
            ):
                continue
            if bool(data.get("attendee")) == bool(data.get("external_attendee")):
                form.add_error(
                    "attendee",
                    _("Consent to the recording: name one attendee, from the portal or external, per row."),
                )
            for name, message in (
                ("method", _("Consent to the recording: say how the consent was given.")),
                ("given_at", _("Consent to the recording: say when the consent was given.")),
            ):
                if not data.get(name) and name not in form.errors:
                    form.add_error(name, message)
