"""What a trail reader may not see of an event: the title and details of a
record they may not read. The trail knows nothing of the access rule; the
app that owns it answers through the ``liuhen_trail_masks`` hook::

    @hooks.register("liuhen_trail_masks")
    def trail_masks(user, events):
        return {event.pk: "（密级：机密，无权查阅）", ...}

Each hook gets the reader and a list of events and returns, for the events
to mask, the text shown instead of their record's title and of their
details. Everything else — action, time, actor, record type and id,
department, hashes — is shown to every trail reader."""

from wagtail import hooks


def masks(user, events):
    """``{event id: text}`` for the events among ``events`` that ``user``
    sees masked."""
    events = list(events)
    found = {}
    for hook in hooks.get_hooks("liuhen_trail_masks"):
        found.update(hook(user, events))
    return found


def apply(user, events):
    """Marks each of ``events`` with its mask (``None`` when shown in
    full); returns the events."""
    events = list(events)
    found = masks(user, events)
    for event in events:
        event.mask = found.get(event.pk)
    return events
