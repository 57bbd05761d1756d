"""The admin form of record pages: a draft may be saved incomplete, but
submitting it for approval is refused with one message listing every missing
field (P-2) and every countersigner who may not read it. Publishing from the
editor is refused: a record goes live only through its workflow."""

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
