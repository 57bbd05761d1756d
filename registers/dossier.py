"""The registers' sections of a project's dossier (``liuhen_project_dossier``):
the plan's timeline, its history and the tasks' deliverables."""

from pathlib import PurePosixPath

from django.utils.translation import gettext_lazy

from portal.access import rules
from portal.access.rules import Action
from portal.dossiers import DossierFile, DossierSection

from .models import PlanTask
from .services import projects
from .services.plan_history import plan_history
from .services.timeline import timeline_svg


def plan_section(page, user):
    """The plan of ``page`` (a project) for a reader of the project: the
    timeline (also as ``plan/timeline.svg``), the history of every change,
    and each task's deliverables that ``user`` may download."""
    page = page.specific
    if not projects.is_project(page) or projects.plan_of(page) is None or not projects.may_read(user, page):
        return None
    svg = timeline_svg(page)
    files = [DossierFile("plan/timeline.svg", str(svg).encode())]
    tasks = PlanTask.objects.filter(stage__plan__project=page).prefetch_related("deliverables")
    for task in tasks:
        for document in task.deliverables.all():
            if rules.can(user, Action.DOWNLOAD, document):
                name = PurePosixPath(document.file.name).name
                with document.file.open("rb") as handle:
                    files.append(
                        DossierFile(f"plan/deliverables/{task.pk}-{document.pk}-{name}", handle.read())
                    )
    return DossierSection(
        order=30,
        title=gettext_lazy("Plan and execution"),
        template="registers/dossier/project_plan.html",
        context={"timeline": svg, "changes": plan_history(page)},
        files=files,
    )
