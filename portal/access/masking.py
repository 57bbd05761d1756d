"""What stands in for the title and details of a record the reader may not
read, wherever a list names records on someone else's behalf: the trail
(through the ``liuhen_trail_masks`` hook) and the register of access
requests. The reader learns the record's type, id, department and level,
never its title."""

from collections import defaultdict

from django.apps import apps
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import rules
from .levels import Level
from .models import AccessControlled, AccessRequest
from .rules import Action


def masked_text(level=None):
    """The mask: "（密级：机密，无权查阅）" for a known level, "（无权查阅）" otherwise."""
    if level is None:
        return _("(not open to you)")
    return _("(classification: %(level)s; not open to you)") % {"level": Level(level).label}


def readable_levels(user, model, ids):
    """``{id: level}`` of the rows of ``model`` among ``ids``, and the set
    of those ``user`` may read."""
    if issubclass(model, Page):
        rows = Page.objects.filter(pk__in=ids)
        levels = dict(rows.values_list("pk", "access__confidentiality"))
        readable = set(rows.filter(rules.page_filter(user, Action.VIEW)).values_list("pk", flat=True))
    else:
        rows = model._default_manager.filter(pk__in=ids)
        levels = dict(rows.values_list("pk", "confidentiality"))
        readable = set(rows.filter(rules.filter_for(user, Action.VIEW, model)).values_list("pk", flat=True))
    return levels, readable


def masks_for_records(user, refs):
    """``{(model label, id): mask}`` for the ``(model label, id)`` pairs in
    ``refs`` naming controlled records ``user`` may not read (records gone
    since are masked too: nobody can tell whether they were readable)."""
    by_model = defaultdict(set)
    for label, object_id in refs:
        model = _model(label)
        if model is not None and issubclass(model, AccessControlled | Page) and str(object_id).isdigit():
            by_model[model].add(int(object_id))
    masks = {}
    for model, ids in by_model.items():
        levels, readable = readable_levels(user, model, ids)
        for object_id in ids - readable:
            masks[(model._meta.label_lower, object_id)] = masked_text(levels.get(object_id))
    return masks


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def request_masks(user, access_requests):
    """``{request id: mask}`` for requests naming a record ``user`` may not read."""
    refs = {}
    for access_request in access_requests:
        if access_request.is_for_record:
            model = access_request.target_type.model_class()
            if model is not None:
                refs[access_request.pk] = (model._meta.label_lower, access_request.target_id)
    masks = masks_for_records(user, set(refs.values()))
    return {pk: masks[ref] for pk, ref in refs.items() if ref in masks}


def mask_requests(user, access_requests):
    """Puts the mask in place of the record's title on each request ``user``
    may not read the record of; returns the requests."""
    masks = request_masks(user, access_requests)
    for access_request in access_requests:
        access_request.label_for_reader = masks.get(access_request.pk)
    return access_requests


def trail_masks(user, events):
    """The ``liuhen_trail_masks`` hook: ``{event id: mask}`` for events about
    a record ``user`` may not read. An event about a row that is about a
    record counts as about that record: an access request (its target), or
    a row of a model naming its record's page in ``access_record_path``
    (e.g. a circulation, ``"page"``)."""
    refs = {}
    for event in events:
        if event.target_type and str(event.target_id).isdigit():
            refs[event.pk] = (event.target_type, int(event.target_id))
    about = _records_behind(refs.values())
    masks = masks_for_records(user, {about.get(ref, ref) for ref in refs.values()})
    found = {}
    for event_id, ref in refs.items():
        mask = masks.get(about.get(ref, ref))
        if mask is not None:
            found[event_id] = mask
    return found


def _records_behind(refs):
    """``{(label, id): (record label, record id)}`` for rows that stand for
    a record: access requests, and models with an ``access_record_path``."""
    by_label = defaultdict(set)
    for label, object_id in refs:
        by_label[label].add(object_id)
    behind = {}
    requests = AccessRequest.objects.filter(pk__in=by_label.pop("access.accessrequest", set()))
    for access_request in requests.select_related("target_type"):
        model = access_request.target_type.model_class() if access_request.is_for_record else None
        if model is not None:
            record = (model._meta.label_lower, access_request.target_id)
            behind[("access.accessrequest", access_request.pk)] = record
    for label, ids in by_label.items():
        model = _model(label)
        path = getattr(model, "access_record_path", None)
        if path:
            for pk, page_id in model._default_manager.filter(pk__in=ids).values_list("pk", path):
                behind[(label, pk)] = ("wagtailcore.page", page_id)
    return behind
