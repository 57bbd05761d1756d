"""The approver's opinion, written once and kept for good."""

import reversion
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Opinion(models.TextChoices):
    AGREE = "agree", _("Agree")
    CHANGES = "changes", _("Requested changes")
    DISAGREE = "disagree", _("Disagree")


class ImmutableOpinionError(Exception):
    """An approval opinion was about to be changed or removed."""


class ApprovalOpinionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableOpinionError("approval opinions are never changed")

    def delete(self):
        raise ImmutableOpinionError("approval opinions are never deleted")


@reversion.register()
class ApprovalOpinion(models.Model):
    """One approver's opinion on one step of a page's workflow: agree,
    requested changes or disagree, with its text and time. Written by the
    approval tasks when the approver acts, never changed nor deleted (the
    database refuses it too); a correction is a new opinion. The row keeps
    the names it shows, so it outlives the page, task and account it names."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState",
        verbose_name=_("workflow run"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    task_state = models.ForeignKey(
        "wagtailcore.TaskState",
        verbose_name=_("task state"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    workflow_name = models.CharField(_("workflow"), max_length=255)
    task_name = models.CharField(_("task"), max_length=255)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    approver_name = models.CharField(_("approver name"), max_length=150)
    opinion = models.CharField(_("opinion"), max_length=10, choices=Opinion.choices)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    objects = ApprovalOpinionQuerySet.as_manager()

    # The page's search entry names its approvers (portal.search.signals).
    search_indexed_with = "page"

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "created_at"], name="approvals_opinion_page")]
        verbose_name = _("approval opinion")
        verbose_name_plural = _("approval opinions")

    def __str__(self):
        return f"{self.approver_name}: {self.get_opinion_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableOpinionError("approval opinions are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableOpinionError("approval opinions are never deleted")
