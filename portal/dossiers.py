"""A project's dossier (项目档案) gathers, besides the project's pages, the
sections other apps know about it — a plan register, meeting follow-ups —
through the ``liuhen_project_dossier`` hook, so that ``home`` never imports
them and they never import ``home``.

A hook function takes ``(page, user)`` — the project page and the reader —
and returns a ``DossierSection`` or None (nothing to add, or the reader may
not read it)::

    @hooks.register("liuhen_project_dossier")
    def plan(page, user):
        tasks = readable_tasks(page, user)
        return DossierSection(
            order=30, title=_("Plan"),
            rows=[(task.name, task.state_label) for task in tasks],
            files=[DossierFile(f"plan/{task.pk}.pdf", task.evidence.read()) for task in tasks],
        )

The dossier page shows ``rows`` (label, value) under ``title``, or renders
``template`` with ``section`` in its context; the ZIP export adds each of
``files`` under ``sections/`` and names it in the manifest. Return only what
``user`` may read and export: the hook is asked for the reader in hand.
"""

from dataclasses import dataclass, field

from wagtail import hooks


@dataclass
class DossierFile:
    path: str  # inside the section's folder of the ZIP, e.g. "plan/tasks.xlsx"
    content: bytes


@dataclass
class DossierSection:
    order: int
    title: str
    rows: list = field(default_factory=list)  # [(label, value)]
    template: str = ""
    context: dict = field(default_factory=dict)
    files: list = field(default_factory=list)  # [DossierFile]


def dossier_sections(page, user):
    sections = (hook(page, user) for hook in hooks.get_hooks("liuhen_project_dossier"))
    return sorted((s for s in sections if s is not None), key=lambda s: s.order)
