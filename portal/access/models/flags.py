import reversion
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.accounts.roles import Role
from portal.search.fields import SegmentedSearchMixin

from ..levels import Level
from .records import AccessControlledRecord, fixed_access_fields, holding_role


@reversion.register()
class RefusalFlag(SegmentedSearchMixin, index.Indexed, AccessControlledRecord):
    """A violation candidate (VIO-1): one person was refused many times in a
    short window, which may be someone probing for records they may not read.
    Raised by the portal itself (``services.flags``) when the refusals in the
    trail cross ``ACCESS_REFUSAL_FLAG_THRESHOLD`` within
    ``ACCESS_REFUSAL_FLAG_WINDOW`` seconds; the refusals themselves are the
    trail's ``access.refused`` / ``request.refused`` events of that person and
    window. Reviewed by internal audit (the supervision issue turns it into a
    violation or closes it).

    Under the access rule it is a confidential record of no department (the
    flagged person's head does not read it): read by internal audit and IT
    (``access_naming``) and leadership, and a refusal does not tell that it
    exists."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    window_start = models.DateTimeField(_("first refusal at"))
    refusals = models.PositiveIntegerField(_("refusals"))
    department, confidentiality = fixed_access_fields(Level.CONFIDENTIAL)

    search_title_field = "user"
    search_fields = SegmentedSearchMixin.segmented_search_fields()

    @property
    def title(self):
        """What the search index weighs as the title (``search_title_field``)."""
        return str(self.user)

    class Meta:
        verbose_name = _("repeated refusal")
        verbose_name_plural = _("repeated refusals")
        ordering = ["-raised_at"]
        default_permissions = ("view",)

    def __str__(self):
        return _("%(user)s refused %(count)s times") % {"user": self.user, "count": self.refusals}

    @classmethod
    def access_naming(cls, user_id):
        return holding_role(user_id, Role.INTERNAL_AUDIT, Role.IT)
