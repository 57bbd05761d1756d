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
