"""The history of a project's plan: every version of its stages, tasks and
communication notes (django-reversion), who wrote it, when, by which action
and what changed, field by field."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from reversion.models import Version

from ..actions import ACTIONS
from ..models import CommunicationNote, PlanStage, PlanTask, ProjectPlan

HIDDEN = {"id", "plan"}


@dataclass
class PlanChange:
    """One version of one row of the plan."""

    when: object
    who: object
    action: str
    action_label: str
    kind: str
    subject: str
    created: bool
    changes: list = field(default_factory=list)  # [(field label, before, after)]
    version_id: int = 0


def plan_history(project):
    """The versions of ``project``'s plan, newest first (:class:`PlanChange`)."""
    plan = ProjectPlan.objects.filter(project=project).first()
    if plan is None:
        return []
    rows = (
        (PlanStage, plan.stages.values_list("pk", flat=True)),
        (PlanTask, PlanTask.objects.filter(stage__plan=plan).values_list("pk", flat=True)),
        (CommunicationNote, plan.notes.values_list("pk", flat=True)),
    )
    names = _Names()
    entries = []
    for model, ids in rows:
        ids = [str(pk) for pk in ids]
        if not ids:
            continue
        by_object = defaultdict(list)
        versions = (
            Version.objects.get_for_model(model)
            .filter(object_id__in=ids)
            .select_related("revision__user")
            .order_by("pk")
        )
        for version in versions:
            by_object[version.object_id].append(version)
        for object_versions in by_object.values():
            before = None
            for version in object_versions:
                after = version.field_dict
                entries.append(_entry(model, version, before, after, names))
                before = after
    entries.sort(key=lambda e: (e.when, e.version_id), reverse=True)
    return entries


def _entry(model, version, before, after, names):
    revision = version.revision
    changes = []
    for model_field in model._meta.get_fields():
        if not getattr(model_field, "concrete", False) or model_field.name in HIDDEN:
            continue
        key = model_field.attname if not model_field.many_to_many else model_field.name
        new = after.get(key, after.get(model_field.name))
        old = None if before is None else before.get(key, before.get(model_field.name))
        if _same(old, new):
            continue
        changes.append((model_field.verbose_name, names.show(model_field, old), names.show(model_field, new)))
    action = revision.comment or ""
    return PlanChange(
        when=revision.date_created,
        who=revision.user,
        action=action,
        action_label=str(ACTIONS.get(action, action)),
        kind=str(model._meta.verbose_name),
        subject=after.get("name") or str(after.get("date") or ""),
        created=before is None,
        changes=changes,
        version_id=version.pk,
    )


def _same(old, new):
    if isinstance(old, list | tuple) or isinstance(new, list | tuple):
        return sorted(old or []) == sorted(new or [])
    return old == new or (old in (None, "") and new in (None, ""))


class _Names:
    """Readable values: dates as 2026-03-02, people and files by name."""

    def __init__(self):
        self.cache = {}

    def _name(self, model, pk):
        key = (model, pk)
        if key not in self.cache:
            row = model._default_manager.filter(pk=pk).first()
            self.cache[key] = str(row) if row is not None else f"#{pk}"
        return self.cache[key]

    def show(self, model_field, value):
        if value is None or value == "" or value == []:
            return "—"
        if model_field.many_to_many:
            return "、".join(self._name(model_field.related_model, pk) for pk in value)
        if isinstance(model_field, models.ForeignKey):
            return self._name(model_field.related_model, value)
        if isinstance(model_field, models.DateField):
            return f"{value:%Y-%m-%d}"
        if isinstance(model_field, models.PositiveSmallIntegerField) and model_field.name == "percent_done":
            return f"{value}%"
        return str(value)
