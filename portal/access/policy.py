"""Who may read and who may edit records at each confidentiality level.

The default is the company's need-to-know policy (README, "Access"). A
deployment may change it with the ``ACCESS_READERS`` and ``ACCESS_EDITORS``
settings, naming audiences by their code; :mod:`portal.access.rules` applies
whatever is configured here, to single records and to querysets alike.
"""

import enum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import Role

from .levels import Level


class Audience(enum.StrEnum):
    """A group of people defined relative to a record (its department, its
    author…) or by role (leadership…)."""

    EVERYONE = "everyone"
    DEPARTMENT = "department"
    HEADS = "heads"
    AUTHOR = "author"
    PARTICIPANTS = "participants"
    LEADERSHIP = "leadership"
    ARCHIVISTS = "archivists"
    INTERNAL_AUDIT = "internal_audit"

    @property
    def label(self):
        return AUDIENCE_LABELS[self]


AUDIENCE_LABELS = {
    Audience.EVERYONE: _("every signed-in employee"),
    Audience.DEPARTMENT: _("members of the owning department"),
    Audience.HEADS: _("the owning department's heads"),
    Audience.AUTHOR: _("the record's author"),
    Audience.PARTICIPANTS: _("the people named on the record"),
    Audience.LEADERSHIP: _("leadership"),
    Audience.ARCHIVISTS: _("archivists"),
    Audience.INTERNAL_AUDIT: _("internal audit"),
}

# Audiences that depend only on a person's role, not on the record.
ROLE_AUDIENCES = {
    Role.LEADERSHIP: Audience.LEADERSHIP,
    Role.ARCHIVIST: Audience.ARCHIVISTS,
    Role.INTERNAL_AUDIT: Audience.INTERNAL_AUDIT,
}

# Checked cheapest first: "participants" costs a query per record.
CHECK_ORDER = list(Audience)

DEFAULT_READERS = {
    "public": ["everyone"],
    "internal": [
        "department",
        "heads",
        "author",
        "participants",
        "leadership",
        "archivists",
        "internal_audit",
    ],
    "secret": ["heads", "author", "participants", "leadership"],
    "confidential": ["author", "participants", "leadership"],
}

# A refusal for a record of these levels answers "not found": telling
# someone that a confidential record exists already tells too much.
HIDDEN_LEVELS = frozenset({Level.CONFIDENTIAL})

# Editing needs someone who reads the record without a grant and is also
# one of these: named participants, internal audit and grant holders read
# but do not edit.
DEFAULT_EDITORS = ["department", "heads", "author", "leadership", "archivists"]


def _audiences(names, setting):
    try:
        return frozenset(Audience(name) for name in names)
    except ValueError as error:
        raise ImproperlyConfigured(f"{setting}: {error}; use one of {[a.value for a in Audience]}") from None


def readers(level):
    """The audiences that may read records of ``level``."""
    table = getattr(settings, "ACCESS_READERS", None) or DEFAULT_READERS
    name = Level(level).name.lower()
    if name not in table:
        raise ImproperlyConfigured(f"ACCESS_READERS has no entry for {name!r}")
    return _audiences(table[name], "ACCESS_READERS")


def editors():
    """The audiences that may edit the records they read without a grant."""
    return _audiences(getattr(settings, "ACCESS_EDITORS", None) or DEFAULT_EDITORS, "ACCESS_EDITORS")


# Audiences that read a record for where it is filed (its department) or
# for being employed at all, not for being named on it.
FILED_AUDIENCES = frozenset({Audience.EVERYONE, Audience.DEPARTMENT, Audience.HEADS})


def named_only_levels():
    """The levels at which no one reads a record for belonging to its
    department (or to the company): only its author, the people it names
    and the roles the policy lets read them. A record meant for a narrower
    set of readers than its department (a meeting material's distribution
    scope) takes one of these, and names its readers."""
    return [level for level in Level if not readers(level) & FILED_AUDIENCES]


def ordered_readers(level):
    """The readers of ``level`` in a stable order, for people to read."""
    return sorted(readers(level), key=CHECK_ORDER.index)
