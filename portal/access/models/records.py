"""What every record carries so that the access rule can judge it: an owning
department, a confidentiality level and the people named on it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page

from ..levels import Level
from .pages import Named

PRINT_PARAMETER = "print"


class AccessControlled(models.Model):
    """Fields and behaviour shared by access-controlled pages and register
    records. ``access_author_field`` names the field holding the record's
    author (``None`` when the record has none)."""

    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("owning department"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality level"),
        choices=Level.choices,
        default=Level.INTERNAL,
        help_text=_("Who may read it: see the access table in the portal's guide."),
    )

    access_author_field = None

    class Meta:
        abstract = True

    @property
    def access_author_id(self):
        if self.access_author_field is None:
            return None
        return getattr(self, f"{self.access_author_field}_id")


def access_panels():
    return [
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldRowPanel([FieldPanel("confidentiality"), FieldPanel("confidentiality_term")]),
                FieldPanel("participants"),
            ],
            heading=_("Access"),
        )
    ]


class AccessControlledPage(AccessControlled, Page):
    """A page under the access rule. Its author is the page's owner; the
    participants are the people named on it (a secret or confidential page
    is open to them). Page types add ``access_panels()`` to their panels.

    A page type that names more people (a training names its audience)
    says whom in ``access_named()`` and lists the fields it reads in
    ``access_naming_fields``; the access table keeps what it returns."""

    participants = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named participants"),
        blank=True,
        related_name="+",
        help_text=_("People who may read this record whatever its level."),
    )
    confidentiality_term = models.CharField(
        _("confidentiality term"),
        max_length=20,
        blank=True,
        help_text=_(
            "How long it stays at its level, e.g. 1年 or 10年: printed after the level, as in 秘密★1年."
        ),
    )

    access_author_field = "owner"
    access_naming_fields = ("participants",)

    class Meta:
        abstract = True

    def access_named(self):
        """Whom the page names, as this object holds it (a draft's or a
        revision's values included): its participants."""
        return Named(users=frozenset(user.pk for user in self.participants.all()))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["print_layout"] = request.GET.get(PRINT_PARAMETER) == "1"
        return context

    def permissions_for_user(self, user):
        # Wagtail's page permissions, narrowed by the access rule.
        from ..permissions import AccessPagePermissionTester

        return AccessPagePermissionTester(user, self)

    def delete(self, *args, **kwargs):
        # Refused before Wagtail logs the deletion of anything issued here or below.
        from ..deletion import check_page_tree

        check_page_tree(self)
        return super().delete(*args, **kwargs)


class AccessControlledRecord(AccessControlled):
    """A register record (or file) under the access rule.

    Its owning department and level are columns of its own; a register about
    something else sets them from it when the row is made (a circulation
    from the page it circulates). Who else reads it is named by its
    ``participants`` or, for people a register already records in its own
    columns (a circulation's recipients, a visit's escort) or roles that read
    a register whatever its department, by an ``access_naming(user_id)``
    class method returning a ``Q`` over its rows (:func:`holding_role`)."""

    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named participants"),
        blank=True,
        related_name="+",
        help_text=_("People who may read this record whatever its level."),
    )

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        # Refused before anything is written (the pre_delete guard covers querysets).
        from ..deletion import check

        check(self)
        return super().delete(*args, **kwargs)


def fixed_access_fields(level):
    """``(department, confidentiality)`` for a register whose rows belong to
    no department and all have one level, kept by the register itself (not
    chosen in a form): ``department, confidentiality = fixed_access_fields(Level.SECRET)``."""
    return (
        models.ForeignKey(
            "accounts.Department",
            verbose_name=_("owning department"),
            null=True,
            editable=False,
            on_delete=models.PROTECT,
            related_name="+",
        ),
        models.PositiveSmallIntegerField(
            _("confidentiality level"), choices=Level.choices, default=level, editable=False
        ),
    )


def holding_role(user_id, *roles):
    """For an ``access_naming``: every row when ``user_id`` holds one of
    ``roles``, no row otherwise. A database condition, so that the listing's
    filter and the answer about one record are the same query."""
    holders = get_user_model().objects.filter(
        pk=user_id, is_active=True, groups__name__in=[role.group_name for role in roles]
    )
    return Q(Exists(holders))
