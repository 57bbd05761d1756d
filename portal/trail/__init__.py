"""The sealed trail (留痕): one append-only, hash-chained, signed log of
everything that happens in the portal.

The only way to write it is :func:`record`. This package's ``__init__``
imports nothing from Django, so that :mod:`portal.trail.standalone` runs on a
machine with neither Django nor the database.
"""


def record(action, **kwargs):
    """Append an event to the trail, in the caller's transaction. See
    :func:`portal.trail.recording.record` for the arguments."""
    from .recording import record as _record

    return _record(action, **kwargs)


def action(name, **kwargs):
    """``with trail.action(name, actor=…, target=…, details=…) as act:`` — one
    business action, one event naming every source row written inside. See
    :mod:`portal.trail.scopes`."""
    from .scopes import action as _action

    return _action(name, **kwargs)
