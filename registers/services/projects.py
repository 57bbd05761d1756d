"""A project's plan and execution (PRJ-2): who may change it, the checks on
its dates and progress, the writes (each one reversion revision and one
trail event, ``project.plan_*``), its history and its timeline.

For other parts of the portal (the project dossier):

- :func:`plan_history` ``(project)``: the plan's versions, newest first;
- :func:`timeline_svg` ``(project, today=None)``: the Gantt chart as SVG text.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import records
from portal.access import rules
from portal.access.rules import Action

from ..models import CommunicationNote, PlanStage, PlanTask, ProjectPlan
from .plan_history import plan_history  # noqa: F401
from .timeline import timeline_svg  # noqa: F401  (part of this module's interface)

NOT_OPEN = gettext_lazy("The plan of a project that is not approved, or is closed, cannot change.")
NOT_EDITOR = gettext_lazy("Only the project's leads and its department's editors change its plan.")
LEAD_ROLE = "项目负责人"  # a team member's role as the initiation names it (ProjectMember.role)

STAGE_FIELDS = ("name", "order", "planned_start", "planned_end", "actual_start", "actual_end")
TASK_FIELDS = ("name", "owner", "planned_start", "planned_end", "actual_start", "actual_end", "percent_done")
NOTE_FIELDS = ("date", "other_participants", "content")


# --- Who may do what ---------------------------------------------------------


def is_project(page):
    return hasattr(page, "team") and hasattr(page, "milestones") and hasattr(page, "start_date")


def is_open(project):
    """A plan is kept once the project is approved (live) and until it is closed."""
    return project.live and not getattr(project, "is_closed", False)


def may_read(user, project):
    return rules.can(user, Action.VIEW, project)


def is_lead(user, project):
    return any(m.user_id == user.pk and LEAD_ROLE in m.role for m in project.team.all())


def may_edit(user, project):
    """The project's leads (项目负责人 on its team) and the editors of the
    project page (its owning department's editors) change the plan of an
    approved project that is not closed."""
    if not user.is_authenticated or not is_open(project) or not may_read(user, project):
        return False
    return is_lead(user, project) or project.permissions_for_user(user).can_edit()


def check_may_edit(user, project):
    if not may_edit(user, project):
        if not is_open(project):
            raise PermissionDenied(NOT_OPEN)
        raise PermissionDenied(NOT_EDITOR)


# --- Checks ------------------------------------------------------------------


def _fmt(day):
    return f"{day:%Y-%m-%d}" if day else "—"


def check_schedule(project, data, *, labels):
    """Errors ``{field: message}`` of planned and actual dates (and % done):
    ends not before starts, planned dates within the project's."""
    errors = {}
    start, end = getattr(project, "start_date", None), getattr(project, "end_date", None)
    ps, pe = data.get("planned_start"), data.get("planned_end")
    acs, ace = data.get("actual_start"), data.get("actual_end")
    if ps and pe and pe < ps:
        errors["planned_end"] = _("%(end)s cannot be before %(start)s.") % {
            "end": labels["planned_end"],
            "start": labels["planned_start"],
        }
    if acs and ace and ace < acs:
        errors["actual_end"] = _("%(end)s cannot be before %(start)s.") % {
            "end": labels["actual_end"],
            "start": labels["actual_start"],
        }
    if ace and not acs:
        errors["actual_start"] = _("%(field)s is needed when there is an actual end.") % {
            "field": labels["actual_start"]
        }
    for field in ("planned_start", "planned_end"):
        day = data.get(field)
        if day and field not in errors and ((start and day < start) or (end and day > end)):
            errors[field] = _("%(field)s must be within the project's dates (%(start)s – %(end)s).") % {
                "field": labels[field],
                "start": _fmt(start),
                "end": _fmt(end),
            }
    today = timezone.localdate()
    for field in ("actual_start", "actual_end"):
        day = data.get(field)
        if day and day > today and field not in errors:
            errors[field] = _("%(field)s cannot be in the future.") % {"field": labels[field]}
    if "percent_done" in data:
        percent = data.get("percent_done")
        if percent is None or not 0 <= percent <= 100:
            errors["percent_done"] = _("%(field)s must be between 0 and 100.") % {
                "field": labels["percent_done"]
            }
    return errors


def _labels(model, fields):
    return {f: model._meta.get_field(f).verbose_name for f in fields}


def _validate(project, model, data, fields):
    errors = check_schedule(project, data, labels=_labels(model, fields))
    for field in ("name",):
        if field in fields and not (data.get(field) or "").strip():
            errors[field] = _("%(field)s is required.") % {"field": model._meta.get_field(field).verbose_name}
    if errors:
        raise ValidationError(errors)


# --- Writes ------------------------------------------------------------------


def plan_of(project):
    return ProjectPlan.objects.filter(project=project).first()


def _plan(project):
    """The project's plan, its access columns those of the project now, and
    whether it is to be saved (new, or the project's access changed)."""
    plan = plan_of(project) or ProjectPlan(project_id=project.pk)
    access = (project.department_id, project.confidentiality)
    stale = plan._state.adding or (plan.department_id, plan.confidentiality) != access
    plan.department_id, plan.confidentiality = access
    return plan, stale


def _write(action, actor, project, row, data, fields, *, m2m=None, request=None, files=()):
    """Check, then save ``row`` with ``data`` as one action: the plan (its
    access columns brought up to date) and the row in one revision, one event."""
    check_may_edit(actor, project)
    # The row as it would be: its stored values, changed by ``data``.
    _validate(
        project, type(row), {f: data[f] if f in data else getattr(row, f, None) for f in fields}, fields
    )
    changed = [f for f in fields if f in data and getattr(row, f) != data[f]]
    for field in fields:
        if field in data:
            setattr(row, field, data[field])
    details = {"project": project.pk, "project_title": project.title, "changed": changed}
    plan, stale = _plan(project)
    with records.writing(
        action, actor, request=request, details=details, department=project.department
    ) as act:
        if stale:
            act.save(plan)
        if hasattr(row, "plan_id") and not row.plan_id:
            row.plan = plan
        row.save()
        for name, values in (m2m or {}).items():
            if values is not None:
                getattr(row, name).set(values)
        for upload in files:
            document = _deliverable(project, actor, upload)
            row.deliverables.add(document)
            details.setdefault("files", []).append(document.title)
        act.add(row)
        act.target = row
    return row


def _deliverable(project, actor, upload):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    document = get_document_model()(
        title=upload.name,
        file=upload,
        collection=Collection.get_first_root_node(),
        uploaded_by_user=actor,
        department_id=project.department_id,
        confidentiality=project.confidentiality,
    )
    document.save()
    return document


def add_stage(project, actor, *, request=None, **data):
    return _write("project.plan_stage_add", actor, project, PlanStage(), data, STAGE_FIELDS, request=request)


def change_stage(stage, actor, *, request=None, **data):
    project = stage.plan.project.specific
    return _write("project.plan_stage_change", actor, project, stage, data, STAGE_FIELDS, request=request)


def add_task(stage, actor, *, deliverables=None, files=(), request=None, **data):
    project = stage.plan.project.specific
    task = PlanTask(stage=stage)
    return _write(
        "project.plan_task_add",
        actor,
        project,
        task,
        data,
        TASK_FIELDS,
        m2m={"deliverables": deliverables},
        files=files,
        request=request,
    )


def change_task(task, actor, *, deliverables=None, files=(), request=None, **data):
    project = task.stage.plan.project.specific
    if "stage" in data:
        stage = data.pop("stage")
        if stage.plan_id != task.stage.plan_id:
            raise ValidationError({"stage": _("The stage must be one of this project's.")})
        task.stage = stage
    return _write(
        "project.plan_task_change",
        actor,
        project,
        task,
        data,
        TASK_FIELDS,
        m2m={"deliverables": deliverables},
        files=files,
        request=request,
    )


def add_note(project, actor, *, participants=(), request=None, **data):
    note = CommunicationNote(recorded_by=actor)
    check_may_edit(actor, project)
    _check_note(note, data)
    return _write(
        "project.plan_note_add",
        actor,
        project,
        note,
        data,
        NOTE_FIELDS,
        m2m={"participants": list(participants)},
        request=request,
    )


def change_note(note, actor, *, participants=None, request=None, **data):
    project = note.plan.project.specific
    check_may_edit(actor, project)
    _check_note(note, data)
    return _write(
        "project.plan_note_change",
        actor,
        project,
        note,
        data,
        NOTE_FIELDS,
        m2m={"participants": participants},
        request=request,
    )


def _check_note(note, data):
    errors = {}
    if not (data.get("content", note.content) or "").strip():
        errors["content"] = _("%(field)s is required.") % {
            "field": CommunicationNote._meta.get_field("content").verbose_name
        }
    if data.get("date") and data["date"] > timezone.localdate():
        errors["date"] = _("%(field)s cannot be in the future.") % {
            "field": CommunicationNote._meta.get_field("date").verbose_name
        }
    if errors:
        raise ValidationError(errors)
