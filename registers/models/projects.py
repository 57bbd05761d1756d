"""A project's plan and its execution (PRJ-2): stages, tasks within the
stages (owner, planned and actual dates, % done, deliverables) and
communication notes. One :class:`ProjectPlan` per project carries the access
columns, copied from the project whenever the plan is written; its rows
follow it. Every change is a reversion version and a trail event
(:mod:`registers.services.projects`)."""

import datetime

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.access.models import AccessControlledRecord


@reversion.register()
class ProjectPlan(AccessControlledRecord):
    """The plan of one project page. Read by those who read the project:
    its department and level are the project's, and ``access_naming`` adds
    everyone else the access rule lets open the project (its team, its
    countersigners, grant holders)."""

    project = models.OneToOneField(
        "wagtailcore.Page", verbose_name=_("project"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    access_record_path = "project"
    history_related = ("stages", "notes")

    class Meta:
        verbose_name = _("project plan")
        verbose_name_plural = _("project plans")

    def __str__(self):
        return _("Plan of %(project)s") % {"project": self.project.title}

    @classmethod
    def access_naming(cls, user_id):
        from wagtail.models import Page

        from portal.access import rules

        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return Q(pk__in=[])
        return Q(project__in=Page.objects.filter(rules.page_filter(user, rules.Action.VIEW)).values("pk"))

    @property
    def trail_department(self):
        return self.department


def late(planned_end, actual_end, percent_done, today):
    """Late: finished after its planned end, or its planned end has passed
    and it is not done."""
    if planned_end is None:
        return False
    if actual_end is not None:
        return actual_end > planned_end
    return planned_end < today and (percent_done is None or percent_done < 100)


class Scheduled(models.Model):
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)

    class Meta:
        abstract = True

    def is_late(self, today=None):
        return late(self.planned_end, self.actual_end, self.progress, today or timezone.localdate())

    @property
    def progress(self):
        return 100 if self.actual_end else 0


@reversion.register()
class PlanStage(Scheduled):
    plan = models.ForeignKey(
        ProjectPlan, verbose_name=_("project plan"), on_delete=models.CASCADE, related_name="stages"
    )
    name = models.CharField(_("stage"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    access_record_path = "plan__project"

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("project stage")
        verbose_name_plural = _("project stages")

    def __str__(self):
        return self.name

    @property
    def progress(self):
        if self.actual_end:
            return 100
        tasks = list(self.tasks.all())
        return round(sum(t.percent_done for t in tasks) / len(tasks)) if tasks else 0


@reversion.register()
class PlanTask(Scheduled):
    stage = models.ForeignKey(
        PlanStage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="tasks"
    )
    name = models.CharField(_("task"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    percent_done = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MaxValueValidator(100)]
    )
    deliverables = models.ManyToManyField(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("deliverables"), blank=True, related_name="+"
    )

    access_record_path = "stage__plan__project"

    class Meta:
        ordering = ["stage", "planned_start", "pk"]
        verbose_name = _("project task")
        verbose_name_plural = _("project tasks")

    def __str__(self):
        return self.name

    @property
    def progress(self):
        return self.percent_done


@reversion.register()
class CommunicationNote(models.Model):
    """A meeting, call or exchange about the project: when, with whom, what."""

    plan = models.ForeignKey(
        ProjectPlan, verbose_name=_("project plan"), on_delete=models.CASCADE, related_name="notes"
    )
    date = models.DateField(_("date"), default=datetime.date.today)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True, related_name="+"
    )
    other_participants = models.CharField(
        _("other participants"),
        max_length=255,
        blank=True,
        help_text=_("People outside the portal, by name and organisation."),
    )
    content = models.TextField(_("content"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    access_record_path = "plan__project"

    class Meta:
        ordering = ["plan", "-date", "-pk"]
        verbose_name = _("communication note")
        verbose_name_plural = _("communication notes")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.content[:30]}"
