"""Text that reads differently on screen from what it says. The Unicode
controls that override or isolate the direction of text (U+202A–U+202E,
U+2066–U+2069) are invisible, and reorder what follows them: a title, a
name or an opinion holding one shows other words than the record keeps.
They are refused wherever a person types text: every text field of every
model (titles, names, reasons, comments) through :func:`guard_model_fields`,
and the plain forms' text fields (opinions, comments) through
:data:`refuse_direction_controls` in their validators."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def refuse_direction_controls(value):
    if isinstance(value, str) and DIRECTION_CONTROLS.search(value):
        raise ValidationError(
            _(
                "This text contains invisible characters that reverse the direction of the text "
                "(U+202A–U+202E, U+2066–U+2069). Remove them and try again."
            ),
            code="direction_control",
        )


def guard_model_fields(all_models):
    """Adds the check to the validators of every editable text field of
    ``all_models`` (rich text excepted), so that every model form refuses
    such text with a message on the field."""
    for model in all_models:
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not isinstance(field, RichTextField)
                and field.editable
                and refuse_direction_controls not in field.validators
            ):
                field.validators.append(refuse_direction_controls)
