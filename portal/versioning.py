"""Every register edit is versioned and traced, whichever admin view makes it.

Wagtail's generic create and edit views (``ModelViewSet``, ``SnippetViewSet``)
save through the create and edit actions registered for the model in
Wagtail's action registry. For each model under django-reversion, the
``register_actions`` hook (in ``portal/access/wagtail_hooks.py``) puts the
actions below in their place: the save is written by
:func:`portal.records.writing`, with the user and a comment, so it leaves
one reversion ``Version`` and one event naming it (``register.version``). Wagtail's
own log entry is not written: it would be a second event for the same save,
and reversion is these models' history (pages and Wagtail-revisioned
snippets keep Wagtail's revisions).

Services that save a register themselves (through :mod:`portal.records`)
do not pass here.
"""

import reversion
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.models import Page, RevisionMixin

from portal import records


class VersionedActionMixin:
    default_comment = None

    def __init__(self, *args, log_action=None, **kwargs):
        self.comment = log_action or self.default_comment
        super().__init__(*args, log_action=None, **kwargs)

    def execute(self, skip_permission_checks=False):
        with records.writing("register.version", self.user, comment=self.comment) as writing:
            instance = super().execute(skip_permission_checks=skip_permission_checks)
            writing.target = instance
            writing.details["comment"] = self.comment
        return instance


class VersionedCreateAction(VersionedActionMixin, CreateAction):
    default_comment = "wagtail.create"


class VersionedEditAction(VersionedActionMixin, EditAction):
    default_comment = "wagtail.edit"


def versioned_models():
    """The models under django-reversion that Wagtail's views may save."""
    return [
        model for model in reversion.get_registered_models() if not issubclass(model, (Page, RevisionMixin))
    ]


def register_versioned_actions(registry):
    for model in versioned_models():
        registry.register(model, VersionedCreateAction)
        registry.register(model, VersionedEditAction)


def compare(model, old, new):
    """What changed from version ``old`` to version ``new`` of a ``model``
    row: ``[{"label", "old", "new", "diff"}]``, one per field that differs,
    in the model's order; ``diff`` is the text's lines marked removed and
    added (:mod:`difflib`), for a text field."""
    import difflib

    rows = []
    before, after = old.field_dict, new.field_dict
    for field in model._meta.concrete_fields:
        name = field.attname
        if name not in before and name not in after:
            continue
        was, now = before.get(name), after.get(name)
        if was == now:
            continue
        diff = []
        if isinstance(was, str) and isinstance(now, str):
            for line in difflib.ndiff(was.splitlines(), now.splitlines()):
                if line[:1] in ("-", "+", " "):
                    diff.append(
                        {"kind": {"-": "removed", "+": "added", " ": "same"}[line[0]], "text": line[2:]}
                    )
        rows.append({"name": name, "label": field.verbose_name, "old": was, "new": now, "diff": diff})
    return rows
