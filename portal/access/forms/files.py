"""Wagtail's document and image forms with the access fields; the owning
department defaults to the uploader's (the multiple uploader sends none)."""

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

    def clean_department(self):
        department = self.cleaned_data.get("department") or getattr(self.uploader, "department", None)
        if department is None:
            raise ValidationError(_("Choose the owning department."))
        return department


class RecordDocumentForm(AccessFieldsMixin, BaseDocumentForm):
    class Meta(BaseDocumentForm.Meta):
        pass


class RecordImageForm(AccessFieldsMixin, BaseImageForm):
    class Meta(BaseImageForm.Meta):
        pass
