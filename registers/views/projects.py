"""The front end of a project's plan: the plan with its timeline, the forms
of its stages, tasks and notes, and its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from portal.access import enforcement
from portal.access.rules import Action

from ..forms.projects import NoteForm, StageForm, TaskForm
from ..models import CommunicationNote, PlanStage, PlanTask
from ..services import projects as service


def _project(request, project_id):
    """The project page, if the user may read it; else the refusal to answer."""
    page = get_object_or_404(Page, pk=project_id).specific
    if not service.is_project(page):
        raise Http404
    if not service.may_read(request.user, page):
        return page, enforcement.guard(request, page, Action.VIEW)
    return page, None


def _editable(request, project):
    service.check_may_edit(request.user, project)


@login_required
def plan(request, project_id):
    project, refusal = _project(request, project_id)
    if refusal:
        return refusal
    stored = service.plan_of(project)
    stages = []
    if stored is not None:
        tasks = {}
        for task in (
            PlanTask.objects.filter(stage__plan=stored)
            .select_related("owner")
            .prefetch_related("deliverables")
        ):
            tasks.setdefault(task.stage_id, []).append(task)
        stages = [(stage, tasks.get(stage.pk, [])) for stage in stored.stages.all()]
    today = timezone.localdate()
    return render(
        request,
        "registers/projects/plan.html",
        {
            "project": project,
            "stages": stages,
            "notes": stored.notes.prefetch_related("participants") if stored else [],
            "timeline": service.timeline_svg(project, today),
            "today": today,
            "may_edit": service.may_edit(request.user, project),
            "is_open": service.is_open(project),
        },
    )


@login_required
def timeline(request, project_id):
    """The timeline alone, as an SVG file."""
    project, refusal = _project(request, project_id)
    if refusal:
        return refusal
    return HttpResponse(service.timeline_svg(project), content_type="image/svg+xml; charset=utf-8")


@login_required
def history(request, project_id):
    project, refusal = _project(request, project_id)
    if refusal:
        return refusal
    return render(
        request,
        "registers/projects/history.html",
        {"project": project, "changes": service.plan_history(project)},
    )


def _edit(request, project, form, save, heading, row=None):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("registers:project_plan", project_id=project.pk)
    return render(
        request,
        "registers/projects/form.html",
        {"project": project, "form": form, "heading": heading, "row": row},
    )


def _fields(data, names):
    return {name: data.get(name) for name in names}


@login_required
def stage_form(request, project_id, pk=None):
    project, refusal = _project(request, project_id)
    if refusal:
        return refusal
    _editable(request, project)
    stage = get_object_or_404(PlanStage, pk=pk, plan__project=project) if pk else None
    if stage is None:
        stored = service.plan_of(project)
        initial = {"order": (stored.stages.count() + 1) if stored else 1}
    else:
        initial = None
    form = StageForm(request.POST or None, instance=stage, initial=initial, project=project)

    def save(data):
        fields = _fields(data, service.STAGE_FIELDS)
        if stage is None:
            service.add_stage(project, request.user, request=request, **fields)
        else:
            service.change_stage(PlanStage.objects.get(pk=stage.pk), request.user, request=request, **fields)

    heading = _("Change stage") if stage else _("Add a stage")
    return _edit(request, project, form, save, heading, stage)


@login_required
def task_form(request, project_id, pk=None):
    project, refusal = _project(request, project_id)
    if refusal:
        return refusal
    _editable(request, project)
    stored = service.plan_of(project)
    if stored is None or not stored.stages.exists():
        messages.error(request, _("Add a stage before its tasks."))
        return redirect("registers:project_plan", project_id=project.pk)
    task = get_object_or_404(PlanTask, pk=pk, stage__plan=stored) if pk else None
    initial = {"stage": request.GET.get("stage")} if task is None else None
    form = TaskForm(
        request.POST or None,
        request.FILES or None,
        instance=task,
        initial=initial,
        project=project,
        plan=stored,
    )

    def save(data):
        fields = _fields(data, service.TASK_FIELDS)
        files = [data["new_deliverable"]] if data.get("new_deliverable") else []
        if task is None:
            service.add_task(data["stage"], request.user, files=files, request=request, **fields)
        else:
            service.change_task(
                PlanTask.objects.get(pk=task.pk),
                request.user,
                files=files,
                stage=data["stage"],
                request=request,
                **fields,
            )

    heading = _("Change task") if task else _("Add a task")
    return _edit(request, project, form, save, heading, task)


@login_required
def note_form(request, project_id, pk=None):
    project, refusal = _project(request, project_id)
    if refusal:
        return refusal
    _editable(request, project)
    note = get_object_or_404(CommunicationNote, pk=pk, plan__project=project) if pk else None
    form = NoteForm(
        request.POST or None,
        instance=note,
        initial={"date": timezone.localdate()} if note is None else None,
        project=project,
    )

    def save(data):
        fields = _fields(data, service.NOTE_FIELDS)
        people = list(data.get("participants") or [])
        if note is None:
            service.add_note(project, request.user, participants=people, request=request, **fields)
        else:
            service.change_note(
                CommunicationNote.objects.get(pk=note.pk),
                request.user,
                participants=people,
                request=request,
                **fields,
            )

    heading = _("Change communication note") if note else _("Add a communication note")
    return _edit(request, project, form, save, heading, note)
