"""The admin form of record pages: a draft may be saved incomplete, but
submitting it for approval or publishing it is refused with one message
listing every missing field (P-2)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

SUBMITTING_ACTIONS = ("action-submit", "action-publish")


class RecordPageForm(WagtailAdminPageForm):
    def is_submitting(self):
        return any(self.data.get(action) for action in SUBMITTING_ACTIONS)

    def clean(self):
        cleaned_data = super().clean()
        if self.is_bound and self.is_submitting() and not self.errors:
            self.check_complete()
        return cleaned_data

    def check_complete(self):
        # The instance is not yet updated at clean(): judge a copy that is.
        page = self.instance
        for name, value in self.cleaned_data.items():
            if name in {f.name for f in page._meta.concrete_fields}:
                setattr(page, name, value)
        missing = page.missing_for_submission()
        problems = page.submission_problems() if hasattr(page, "submission_problems") else []
        if missing:
            message = _(
                "This record cannot be submitted for approval until these fields are filled in: %(fields)s."
            )
            problems.insert(0, message % {"fields": "、".join(missing)})
        if problems:
            raise ValidationError(problems)
