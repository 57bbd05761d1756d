from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """The four confidentiality levels (密级), ordered: a higher number is more
    restricted, so "up to secret" is ``confidentiality__lte=Level.SECRET``."""

    PUBLIC = 0, _("Public")
    INTERNAL = 1, _("Internal")
    SECRET = 2, _("Secret")
    CONFIDENTIAL = 3, _("Confidential")
