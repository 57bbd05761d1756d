"""The reminders handed to the mail server (催办): one row per person, per
thing they are reminded of, per day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """A reminder e-mail that was handed over for sending: to ``recipient``,
    about ``about`` (an approval step, a training revision), on ``day`` (the
    portal's local date). Written by ``run_periodic`` after the mail left,
    never changed; at most one per recipient, subject and day."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("Approval step")
        TRAINING = "training", _("Training confirmation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    about = models.CharField(_("about"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "about", "recipient", "day"], name="approvals_one_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.about} → {self.recipient} ({self.day})"
