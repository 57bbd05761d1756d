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
        from portal.access import rules
        from portal.access.rules import Action
        from portal.access.subjects import subject_for

        subject = subject_for(user)
        if subject.signed_in and not subject.visitor:
            return True  # named on the meeting, they read it
        page = copy.copy(self.instance)
        for field in ("department", "confidentiality"):
            if field in self.cleaned_data:
                setattr(page, field, self.cleaned_data[field])
        return rules.can(user, Action.VIEW, page)
