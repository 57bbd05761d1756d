import reversion
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


@reversion.register()
class RefusalFlag(models.Model):
    """A violation candidate (VIO-1): one person was refused many times in a
    short window, which may be someone probing for records they may not read.
    Raised by the portal itself (``services.flags``) when the refusals in the
    trail cross ``ACCESS_REFUSAL_FLAG_THRESHOLD`` within
    ``ACCESS_REFUSAL_FLAG_WINDOW`` seconds; the refusals themselves are the
    trail's ``access.refused`` / ``request.refused`` events of that person and
    window. Reviewed by internal audit (the supervision issue turns it into a
    violation or closes it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    window_start = models.DateTimeField(_("first refusal at"))
    refusals = models.PositiveIntegerField(_("refusals"))

    class Meta:
        verbose_name = _("repeated refusal")
        verbose_name_plural = _("repeated refusals")
        ordering = ["-raised_at"]
        default_permissions = ("view",)

    def __str__(self):
        return _("%(user)s refused %(count)s times") % {"user": self.user, "count": self.refusals}
