"""The one way to write a register record.

A register (台账) is a plain model under django-reversion. Every business
action on one — sending a circulation, deciding an access request, signing a
report — is written by a service through :func:`write` or :func:`writing`,
which, in one database transaction:

1. creates the reversion revision of the rows saved, with the actor and a
   comment (the action's name unless given);
2. records the action's one trail event, naming every version it wrote with
   its digest (:mod:`portal.trail.scopes`), so that verification checks each;
3. commits all of it, or nothing.

``write`` saves the given rows in order::

    records.write("visit.register", user, visit, target=visit, details=summary)

``writing`` is the block form, for actions that make rows as they go::

    with records.writing("circulation.send", sender, details=facts) as action:
        circulation.save()
        CirculationReceipt.objects.bulk_create(receipts)
        action.add(circulation, *circulation.receipts.all())
        action.target = circulation

A table that must never change, or never after a state, is guarded in the
database by :class:`portal.trail.triggers.Guard`.
"""

from contextlib import contextmanager

import reversion
from django.db import transaction

from portal import trail


class Writing:
    """The action being written: ``add`` rows saved without ``save()`` (bulk
    creates) to its revision; set ``target`` and ``details`` of its event."""

    def __init__(self, event):
        self._event = event

    def add(self, *rows):
        for row in rows:
            reversion.add_to_revision(row)

    def save(self, *rows):
        for row in rows:
            row.save()
            reversion.add_to_revision(row)

    @property
    def details(self):
        return self._event.details

    @property
    def target(self):
        return self._event.target

    @target.setter
    def target(self, value):
        self._event.target = value


@contextmanager
def writing(action, actor, *, target=None, details=None, comment=None, request=None, department=None):
    """One business action on registers: one transaction, one reversion
    revision (``actor``, ``comment``), one trail event (``action``,
    ``target``, ``details``) naming every version written inside."""
    with (
        transaction.atomic(),
        trail.action(
            action, actor=actor, target=target, details=details, request=request, department=department
        ) as event,
        reversion.create_revision(),
    ):
        reversion.set_user(actor)
        reversion.set_comment(comment or action)
        yield Writing(event)


def write(action, actor, *rows, target=None, details=None, comment=None, request=None, department=None):
    """Save ``rows`` (in order) as one business action; the event's target
    is ``target`` or the first row. Returns the first row."""
    with writing(
        action,
        actor,
        target=target if target is not None else (rows[0] if rows else None),
        details=details,
        comment=comment,
        request=request,
        department=department,
    ) as action_:
        action_.save(*rows)
    return rows[0] if rows else None
