"""Register rows and files in the site search, each only where the access
rule lets the reader find it, in the query itself as for pages.

An app lets a model join the site search with the ``liuhen_search_models``
hook: a function taking nothing and returning models indexed with segmented
text (:class:`portal.search.fields.SegmentedSearchMixin`) and under the
access rule (:class:`portal.access.models.AccessControlledRecord`)::

    @hooks.register("liuhen_search_models")
    def searchable_registers():
        return [Circulation]

A model may name in ``search_date_field`` the date its results show, order
by and count in the year facet (and declare it an ``index.FilterField``,
which ordering search results asks for). A result links to the record's
``get_absolute_url()``, else to a file's download address (which asks the
rule and seals the download), else to the record in the admin (the inspect
view of its viewset). Uploaded documents join through this app's own hook.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, IntegerField, Value
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.viewsets import viewsets
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from portal.access.models import AccessControlledRecord
from portal.access.rules import Action, filter_for

from .pages import kept_count, local_year


def searchable_models():
    """The models the ``liuhen_search_models`` hooks name, in hook order."""
    found = []
    for hook in hooks.get_hooks("liuhen_search_models"):
        for model in hook():
            if not (issubclass(model, index.Indexed) and issubclass(model, AccessControlledRecord)):
                raise ImproperlyConfigured(
                    f"{model.__name__} is returned by a liuhen_search_models hook but is not an "
                    "indexed, access-controlled record."
                )
            if model not in found:
                found.append(model)
    return found


def record_results(model, user, query, filters, order):
    """``(results, groups)`` as :func:`portal.search.pages.page_results` has
    them; ``results`` is None when the filters leave none of ``model``."""
    type_id = ContentType.objects.get_for_model(model).pk
    date = getattr(model, "search_date_field", None)
    readable = model._default_manager.filter(filter_for(user, Action.SEARCH, model))
    backend = get_search_backend()
    matching = backend.search(query, readable, order_by_relevance=False).get_queryset()
    year = local_year(date) if date else Value(None, output_field=IntegerField())
    rows = matching.order_by().values_list("department", year).annotate(n=Count("pk"))
    groups = {(type_id, department_id, year): n for department_id, year, n in rows}
    if (filters.get("type") and int(filters["type"]) != type_id) or (filters.get("year") and not date):
        return None, groups
    narrowed = readable
    if filters.get("department"):
        narrowed = narrowed.filter(department_id=filters["department"])
    if filters.get("year"):
        narrowed = narrowed.filter(**{f"{date}__year": filters["year"]})
    if order == "date" and date:
        results = backend.search(query, narrowed.order_by(f"-{date}"), order_by_relevance=False)
    else:
        results = backend.search(query, narrowed)
    results._count_cache = kept_count(groups, filters)
    return results, groups


def record_date(record):
    """The date a result shows and is ordered by, as an aware datetime (or None)."""
    if hasattr(record, "last_published_at"):  # a page
        return record.last_published_at
    name = getattr(type(record), "search_date_field", None)
    value = getattr(record, name) if name else None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
    return value


def record_url(record):
    """Where a result leads (see the module's docstring)."""
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    if isinstance(getattr(record, "url", None), str):
        return record.url
    for viewset in viewsets.viewsets:
        if getattr(viewset, "model", None) is type(record) and getattr(viewset, "inspect_view_enabled", None):
            return reverse(viewset.get_url_name("inspect"), args=[record.pk])
    return None
