"""The approver's opinion form, one per action: the text is optional when
agreeing, required when requesting changes or disagreeing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.direction import refuse_direction_controls


class OpinionForm(forms.Form):
    text = forms.CharField(
        label=_("Opinion"),
        required=False,
        validators=[refuse_direction_controls],
        max_length=4000,
        widget=forms.Textarea({"rows": 4}),
    )
    required_message = None

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if self.required_message and not text:
            raise ValidationError(self.required_message, code="required")
        return text


class AgreeForm(OpinionForm):
    pass


class RequestChangesForm(OpinionForm):
    required_message = _("State the changes you request: the drafter works from your text.")


class DisagreeForm(OpinionForm):
    required_message = _("State why you disagree: the reason is kept on the approval sheet.")
