"""The access rule, in one place: may user U do action A on record R, and
the queryset filter that keeps exactly the records for which the answer is
yes. Both answers come from the same table (:mod:`portal.access.policy`), and
the tests check that they agree for every role, level and action.

- Records that are not access-controlled (the home page, the tree root) are
  open to every signed-in user.
- An external auditor reads only the scope of a visit under way, and
  exports only when that visit's approval allows it.
- Anyone else reads a record when one of the level's audiences includes
  them, or through a grant in force; edits it when they read it without a
  grant and also belong to one of the editing audiences. Superusers are not
  exempt.
- The people named on a record are its participants and, for a training,
  its audience (the page type's ``access_named()``); a page's are kept in
  one table whatever its type, so that the page filter does not grow with
  the number of page types.
- A file (document, image) attached to a record is read by whoever may read
  that record — grant holders, named participants and training audiences
  included — unless the file's own level is stricter than the record's; it
  is also read by whoever its own department and level let read it.
"""

import enum
from functools import reduce

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, get_page_models

from . import attachments, policy
from .columns import PageColumns, RecordColumns, naming
from .levels import Level
from .models import AccessControlled, AccessControlledPage
from .policy import Audience
from .subjects import subject_for


class Action(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"
    LIST = "list"
    SEARCH = "search"
    DOWNLOAD = "download"
    EXPORT = "export"
    PRINT = "print"


READ_ACTIONS = frozenset(Action) - {Action.EDIT}
NOTHING = Q(pk__in=[])


def is_controlled(obj):
    return isinstance(obj, AccessControlled)


def grant_type(model):
    """The content type a grant names a record by: ``wagtailcore.page`` for
    every page type, the concrete model otherwise."""
    if issubclass(model, Page):
        return ContentType.objects.get_for_model(Page)
    return ContentType.objects.get_for_model(model)


def record_type_id(record):
    """The record's own type, as visit scopes name it."""
    if isinstance(record, Page):
        return record.content_type_id
    return ContentType.objects.get_for_model(type(record)).pk


# --- One record ---------------------------------------------------------------


def can(user, action, record):
    action = Action(action)
    if _can(user, action, record):
        return True
    if action == Action.EDIT or not attachments.is_file(record):
        return False
    page_action = _page_action(action)
    return any(
        record.confidentiality <= page.confidentiality and can(user, page_action, page)
        for page in attachments.pages_of(record)
    )


def _page_action(file_action):
    """What reading a file asks of the record it is attached to."""
    return Action.VIEW if file_action == Action.DOWNLOAD else file_action


def _can(user, action, record):
    subject = subject_for(user)
    if not subject.signed_in:
        return False
    if not is_controlled(record):
        return not subject.visitor or action in READ_ACTIONS
    if subject.visitor:
        return action in READ_ACTIONS and any(_in_scope(scope, record) for scope in _scopes(subject, action))
    reads = _holds_any(subject, record, policy.readers(record.confidentiality))
    if action == Action.EDIT:
        return reads and _holds_any(subject, record, policy.editors())
    return reads or _granted(subject, record)


def may_export(user):
    subject = subject_for(user)
    return subject.signed_in and (not subject.visitor or any(s.may_export for s in subject.scopes))


def _scopes(subject, action):
    return [s for s in subject.scopes if action != Action.EXPORT or s.may_export]


def _in_scope(scope, record):
    return (
        record.department_id in scope.departments
        and record.confidentiality <= scope.max_level
        and (not scope.record_types or record_type_id(record) in scope.record_types)
    )


def _holds_any(subject, record, audiences):
    return any(_holds(subject, record, a) for a in policy.CHECK_ORDER if a in audiences)


def _holds(subject, record, audience):
    if audience in subject.audiences:
        return True
    if audience == Audience.DEPARTMENT:
        return record.department_id is not None and record.department_id == subject.department_id
    if audience == Audience.HEADS:
        return record.department_id in subject.headed
    if audience == Audience.AUTHOR:
        return record.access_author_id is not None and record.access_author_id == subject.user_id
    if audience == Audience.PARTICIPANTS:
        return record.pk is not None and _named(record, subject)
    return False


def _named(record, subject):
    """Whether the person ``subject`` stands for is named on ``record``.

    Asked of the stored rows, not of ``record.participants``: a page revision's
    object (a draft being approved, previewed or compared) holds whom it names
    in memory, and what the rule grants follows the stored record, as the
    queryset filter does. A page of any type: its rows in the one table of
    named people (:mod:`portal.access.mirror` keeps them). A register: its
    participants, or what its ``access_naming`` keeps."""
    if isinstance(record, Page):
        return naming(subject).filter(access_id=record.pk).exists()
    field = record._meta.get_field("participants")
    through = field.remote_field.through
    if through.objects.filter(
        **{field.m2m_field_name(): record.pk, field.m2m_reverse_field_name(): subject.user_id}
    ).exists():
        return True
    more = getattr(type(record), "access_naming", None)
    return (
        more is not None and type(record)._base_manager.filter(more(subject.user_id), pk=record.pk).exists()
    )


def _granted(subject, record):
    if (grant_type(type(record)).pk, record.pk) in subject.record_grants:
        return True
    return any(
        record.department_id == department and record.confidentiality <= level
        for department, level in subject.department_grants
    )


# --- Querysets ----------------------------------------------------------------
# Conditions are True (every row), False (no row) or a Q, so that the
# filters stay small for the common cases.


def _or(*parts):
    parts = [p for p in parts if p is not False]
    if any(p is True for p in parts):
        return True
    return reduce(lambda a, b: a | b, parts) if parts else False


def _and(a, b):
    if a is False or b is False:
        return False
    if a is True:
        return b
    return a if b is True else a & b


def as_q(condition):
    if condition is True:
        return ~NOTHING
    return NOTHING if condition is False else condition


def filter_for(user, action, model):
    """A ``Q`` keeping the rows of ``model`` (an access-controlled model)
    on which ``user`` may do ``action``."""
    return as_q(condition(user, action, model))


def condition(user, action, model):
    action = Action(action)
    own = _condition(subject_for(user), action, RecordColumns(model))
    if action == Action.EDIT or not attachments.is_file_model(model) or own is True:
        return own
    return _or(own, attachments.attached_to(model, page_filter(user, _page_action(action))))


def _condition(subject, action, columns):
    if not subject.signed_in:
        return False
    if subject.visitor:
        if action not in READ_ACTIONS:
            return False
        return _or(*(_scope_condition(scope, columns) for scope in _scopes(subject, action)))
    reads = _reads(subject, columns)
    if action == Action.EDIT:
        return _and(reads, _audience_condition(subject, columns, policy.editors()))
    return _or(reads, _grant_condition(subject, columns))


def _reads(subject, columns):
    """Rows read without a grant: the levels each audience reads at, one
    condition per set of levels (not one per level and audience)."""
    held, by_levels = set(), {}
    for audience, levels in _levels_read_by().items():
        found = _audience_condition(subject, columns, {audience})
        if found is True:
            held |= levels
        elif found is not False:
            by_levels.setdefault(frozenset(levels), []).append(found)
    return _or(
        _at_levels(columns, held),
        *(_and(_at_levels(columns, levels), _or(*found)) for levels, found in by_levels.items()),
    )


def _levels_read_by():
    """``{audience: levels it reads}``, from the policy's table of readers."""
    table = {}
    for level in Level:
        for audience in policy.readers(level):
            table.setdefault(audience, set()).add(level)
    return dict(sorted(table.items(), key=lambda item: policy.CHECK_ORDER.index(item[0])))


def _at_levels(columns, levels):
    if not levels:
        return False
    if set(levels) == set(Level):
        return True
    return Q(**{f"{columns.confidentiality}__in": sorted(levels)})


def _audience_condition(subject, columns, audiences):
    parts = []
    for audience in audiences:
        if audience in subject.audiences:
            return True
        if audience == Audience.DEPARTMENT and subject.department_id:
            parts.append(Q(**{columns.department: subject.department_id}))
        elif audience == Audience.HEADS and subject.headed:
            parts.append(Q(**{f"{columns.department}__in": subject.headed}))
        elif audience == Audience.AUTHOR and columns.author:
            parts.append(Q(**{columns.author: subject.user_id}))
        elif audience == Audience.PARTICIPANTS:
            parts.append(columns.naming(subject))
    return _or(*parts)


def _grant_condition(subject, columns):
    type_id = grant_type(columns.model).pk
    ids = [object_id for t, object_id in subject.record_grants if t == type_id]
    parts = [Q(pk__in=ids)] if ids else []
    parts += [
        Q(**{columns.department: d, f"{columns.confidentiality}__lte": level})
        for d, level in subject.department_grants
    ]
    return _or(*parts)


def _scope_condition(scope, columns):
    in_scope = Q(
        **{
            f"{columns.department}__in": scope.departments,
            f"{columns.confidentiality}__lte": scope.max_level,
        }
    )
    if not scope.record_types:
        return in_scope
    return _and(in_scope, columns.of_types(scope.record_types))


# --- Pages of every type ------------------------------------------------------


def controlled_models():
    """Every concrete model under the rule: page types, registers, files."""
    return [m for m in apps.get_models() if issubclass(m, AccessControlled)]


def controlled_page_models():
    return [m for m in get_page_models() if issubclass(m, AccessControlledPage)]


def page_filter(user, action=Action.LIST):
    """A ``Q`` for any ``Page`` queryset: pages of types outside the rule
    (home page, root) for every signed-in user, and the access-controlled
    pages ``user`` may ``action``, whatever their type, through the
    page-access tables (:mod:`portal.access.columns`): the same joins
    whatever the number of page types."""
    subject = subject_for(user)
    if not subject.signed_in:
        return NOTHING
    open_types = ContentType.objects.get_for_models(
        *[m for m in get_page_models() if not issubclass(m, AccessControlled)]
    )
    readable = _condition(subject, Action(action), PageColumns())
    return as_q(_or(Q(content_type_id__in=[ct.pk for ct in open_types.values()]), readable))
