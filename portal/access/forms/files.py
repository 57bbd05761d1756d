"""Wagtail's document and image forms with the access fields. The
multiple uploader sends neither department nor level: the owning department
defaults to the uploader's and the level to the model's default (internal),
both to be corrected in the form that follows the upload."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm


class AccessFieldsMixin:
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.uploader = user
        if "department" in self.fields:
            self.fields["department"].required = False
            if not self.instance.pk and user is not None:
                self.initial.setdefault("department", user.department_id)
        if "confidentiality" in self.fields:
            self.fields["confidentiality"].required = False

    def clean_department(self):
        department = self.cleaned_data.get("department") or getattr(self.uploader, "department", None)
        if department is None:
            raise ValidationError(_("Choose the owning department."))
        return department

    def clean_confidentiality(self):
        level = self.cleaned_data.get("confidentiality")
        return self.instance.confidentiality if level in (None, "") else level


class RecordDocumentForm(AccessFieldsMixin, BaseDocumentForm):
    class Meta(BaseDocumentForm.Meta):
        pass


class RecordImageForm(AccessFieldsMixin, BaseImageForm):
    class Meta(BaseImageForm.Meta):
        pass
