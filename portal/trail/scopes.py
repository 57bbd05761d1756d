"""One business action = one event.

An action writes rows the trail protects — reversion versions, Wagtail log
entries and revisions (:mod:`portal.trail.sources`). They are not sealed one
by one: the receivers (:mod:`portal.trail.receivers`) hand each to the
innermost open *collector*, and the collector records one event naming them
all when the action ends.

- :func:`action` (``trail.action`` in the portal's code, used by
  :func:`portal.records.write`): a service's block of writes. Its event says
  what the service says (action, target, details) and names every source
  row written inside. An action opened inside another joins it: its rows go
  to the outer event and its name and details become one of its ``steps``.
- :func:`request_actions`: what a request writes, as one event per record
  acted on. Rows written outside any :func:`action` (Wagtail's own editor,
  workflow and snippet views) are grouped by the record they are about, the
  event named by Wagtail's last log entry for it (editing and publishing in
  one click is one ``wagtail.publish``); an action about the same record
  absorbs them (the editor saves the approver's copy, then the step agrees:
  one ``approval.opinion``). A request's events are recorded at its end.
- Anywhere else (a script, a migration), each row is sealed at once, alone.

Events recorded with :func:`portal.trail.record` (views, refusals, sign-ins)
are never held back: only source rows wait for their action's end.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from reversion.models import Version
from wagtail.models import Page, PageLogEntry, Revision

from .describing import describe
from .recording import TargetRef, department_of, describe_target, record
from .sources import references, source_for

_collector = ContextVar("trail_collector", default=None)


def collect(row):
    """Hand ``row`` to the open collector; False when there is none."""
    collector = _collector.get()
    if collector is None:
        return False
    collector.add(row)
    return True


class Action:
    """The one event of a business action, filled in while it runs: set
    ``target`` once the record exists, add to ``details``."""

    def __init__(self, name, *, details=None, **event):
        self.name = name
        self.details = dict(details or {})
        self.event = event
        self.rows = []
        self.steps = []

    def add(self, row):
        self.rows.append(row)

    @property
    def target(self):
        return self.event.get("target")

    @target.setter
    def target(self, value):
        self.event["target"] = value

    def close(self):
        details = {**self.details, "steps": self.steps} if self.steps else self.details
        return record(
            self.name, details=details, sources=references(self.rows, skip_missing=True), **self.event
        )

    def join(self, outer):
        outer.rows.extend(self.rows)
        outer.steps.extend([{"action": self.name, "details": self.details}, *self.steps])


@contextmanager
def action(name, *, actor=None, target=None, details=None, request=None, department=None, target_label=None):
    """``with trail.action("circulation.send", actor=user, target=page) as act:``
    — the writes inside are one event, recorded when the block ends without
    an error (in the caller's transaction, so it rolls back with them)."""
    outer = _collector.get()
    act = Action(
        name,
        details=details,
        actor=actor,
        target=target,
        request=request,
        department=department,
        target_label=target_label,
    )
    token = _collector.set(act)
    try:
        yield act
    finally:
        _collector.reset(token)
    if isinstance(outer, Action):
        act.join(outer)
    elif isinstance(outer, RequestActions):
        outer.adopt(act)  # recorded with the request's other writes about its record
    else:
        act.close()


class RequestActions:
    """What a request writes: its actions, and the source rows it writes
    outside any :func:`action` (Wagtail's own views), as one event per
    record — a service's action absorbs the rows Wagtail wrote for the same
    record in the same request (the editor saves a revision, then the
    approval step publishes it: one ``approval.opinion``)."""

    def __init__(self):
        self.rows = []  # (row, what it says), described as written: a deleted page is still named
        self.actions = {}  # record -> [Action], in order

    def add(self, row):
        description = describe(row)
        # The record as it is now, by reference: it may be deleted before the request ends.
        target = description.target
        department = department_of(target)
        if not isinstance(target, TargetRef):
            target = TargetRef(*describe_target(target))
        self.rows.append((row, description._replace(target=target, department=department)))

    def adopt(self, act):
        target = act.target
        if target is None:
            key = ("action", id(act))
        else:
            key = _record_key(target)
            if not isinstance(target, TargetRef):
                act.event["department"] = act.event.get("department") or department_of(target)
                act.event["target"] = TargetRef(*describe_target(target))
        self.actions.setdefault(key, []).append(act)

    def close(self):
        groups, revisions = {}, {}
        for row, description in self.rows:
            groups.setdefault(_about(row, revisions), []).append((row, description))
        for key, (main, *more) in self.actions.items():
            for act in more:
                act.join(main)
            main.rows.extend(row for row, _description in groups.pop(key, ()))
            main.close()
        for members in groups.values():
            _record_rows(members)


def _record_rows(members):
    """One event for source rows about one record, named by Wagtail's last
    log entry among them (edit, then publish: ``wagtail.publish``)."""
    # A row written in a savepoint since rolled back (a refused deletion's log entry) never happened.
    rows = references([row for row, _description in members], skip_missing=True)
    present = {(ref["type"], ref["id"]) for ref in rows}
    descriptions = [d for row, d in members if (source_for(type(row)).label, str(row.pk)) in present]
    if not descriptions:
        return
    logged = [d for d in descriptions if d.logged]
    main = (logged or descriptions)[-1]
    details = dict(main.details)
    for other in descriptions:
        for key, value in other.details.items():
            details.setdefault(key, value)
    actions = list(dict.fromkeys(d.action for d in logged))
    if len(actions) > 1:
        details["actions"] = actions
    record(
        main.action,
        actor=main.actor,
        target=main.target,
        target_label=main.label,
        department=main.department,
        details=details,
        sources=rows,
    )


def _label(content_type_id):
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def _record_key(target):
    """A record as a grouping key: ``("page", id)`` or ``(app_label.model, id)``."""
    if isinstance(target, TargetRef):
        return (target.type, str(target.id))
    if isinstance(target, Page):
        return ("page", str(target.pk))
    return (target._meta.concrete_model._meta.label_lower, str(target.pk))


def _about(row, revisions):
    """The record a source row is about, as a grouping key (see
    :func:`_record_key`); for reversion, the object first saved in the row's
    revision."""
    if isinstance(row, PageLogEntry):
        return ("page", str(row.page_id))
    if isinstance(row, Revision):
        model = row.base_content_type.model_class()
        if model is not None and issubclass(model, Page):
            return ("page", str(row.object_id))
        return (_label(row.base_content_type_id), str(row.object_id))
    if isinstance(row, Version):
        return revisions.setdefault(row.revision_id, (_label(row.content_type_id), str(row.object_id)))
    return (_label(row.content_type_id), str(row.object_id))  # a model log entry


@contextmanager
def request_actions():
    """Group the source rows a request writes outside any :func:`action`
    (see :class:`RequestActions`); their events are recorded before the
    request's transaction ends, and not at all when the block fails."""
    collector = RequestActions()
    token = _collector.set(collector)
    try:
        yield collector
    finally:
        _collector.reset(token)
    collector.close()
