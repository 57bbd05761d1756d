"""Listings of pages that scale: a section's children, the policy library.

A :class:`Listing` starts from a page queryset the access rule has already
narrowed (``.filter(page_filter(user))``, :mod:`portal.access.rules`), so
what a reader is never shown is never counted either. It narrows the
queryset further by the filters chosen in the query string, counts and
slices it in the database (Django's ``Paginator``), and loads only the rows
of the page shown, in their specific types. The number of queries does not
grow with the number of records, only with the number of page types shown.

Filters are query parameters: a listing offers ``type`` (the page type) and
``year`` (of first publication) itself; **each page type supplies its own**
with a ``listing_filters`` class attribute, a tuple of :class:`FieldFilter`::

    class DocumentPage(RecordPage):
        listing_filters = (FieldFilter("kind", label=_("Document kind")),)

    class PolicyPage(RecordPage):
        listing_filters = (
            FieldFilter("category", label=_("Policy category")),
            FieldFilter("status", label=_("Status"), choices=..., expression=policy_status),
        )

A :class:`FieldFilter` keeps the rows of its page type whose field (or
``expression``, a function returning a query expression over that type's
rows, for a value computed from several columns) equals the chosen value;
its label (name it so that it reads clearly beside other types' menus)
and choices default to the field's. A listing of a section offers
the filters of the page types among the children the reader may see; two
types declaring a filter of the same name share one menu. A filter named
``status`` is also shown in the listing's status column. Names must not be
``type``, ``year``, ``department`` or ``page``. Unknown values are ignored,
not an error. A listing of its own (the policy library) passes further
:class:`ListingFilter` objects as ``extra``; templates show the menus with
``home/includes/listing_filters.html`` and the pager with
``home/includes/pager.html``.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.http import number_or_none

PER_PAGE = 20


class FieldFilter:
    """A filter a page type declares on its own rows (see the module docstring)."""

    def __init__(self, name, *, label=None, choices=None, expression=None):
        self.name = name
        self.label = label
        self.choices = choices
        self.expression = expression

    def label_for(self, model):
        return self.label or capfirst(model._meta.get_field(self.name).verbose_name)

    def choices_for(self, model):
        if self.choices is not None:
            return [(str(value), label) for value, label in self.choices]
        return [(str(value), label) for value, label in model._meta.get_field(self.name).flatchoices]

    def rows(self, model):
        """``model``'s rows, each with this filter's value as ``listing_value``."""
        value = self.expression() if self.expression is not None else F(self.name)
        return model._default_manager.annotate(listing_value=value)


@dataclass
class Menu:
    """One filter as the template shows it: a ``<select>`` named ``name``."""

    name: str
    label: str
    options: list
    selected: str = ""


class ListingFilter:
    """A filter of a listing itself: ``options(pages)`` are the ``(value,
    label)`` pairs offered for the pages the reader may see, ``condition(value)``
    the ``Q`` a chosen value puts on them. A value not accepted is ignored."""

    name = ""
    label = ""

    def options(self, pages):
        raise NotImplementedError

    def accepts(self, value, options):
        return value in dict(options)

    def condition(self, value):
        raise NotImplementedError


class TypeFilter(ListingFilter):
    """The page type, among ``models``."""

    name = "type"
    label = _("Type")

    def __init__(self, models):
        self.models = models

    def options(self, pages):
        found = ((m._meta.model_name, capfirst(m._meta.verbose_name)) for m in self.models)
        return sorted(found, key=lambda option: str(option[1]))

    def condition(self, value):
        return Q(content_type__model=value)


class YearFilter(ListingFilter):
    """The year of first publication."""

    name = "year"
    label = _("Year")

    def options(self, pages):
        years = pages.order_by().datetimes("first_published_at", "year", order="DESC")
        return [(str(y.year), str(y.year)) for y in years]

    def accepts(self, value, options):
        # A year typed into the address is kept, even one with nothing in it.
        return number_or_none(value, largest=9999) is not None

    def condition(self, value):
        return Q(first_published_at__year=int(value))


class DepartmentFilter(ListingFilter):
    """The owning department, for a listing of one page type (the library)."""

    name = "department"
    label = _("Department")

    def options(self, pages):
        found = (
            pages.exclude(department=None)
            .order_by("department__sort_order", "department__name")
            .values_list("department_id", "department__name")
            .distinct()
        )
        return [(str(pk), name) for pk, name in found]

    def condition(self, value):
        return Q(department_id=int(value))


class DeclaredFilter(ListingFilter):
    """The filters of one name declared by the page types listed."""

    def __init__(self, declared):
        self.declared = declared  # [(model, FieldFilter)]
        self.name = declared[0][1].name
        self.label = declared[0][1].label_for(declared[0][0])

    def options(self, pages):
        seen = {}
        for model, declared in self.declared:
            for value, label in declared.choices_for(model):
                seen.setdefault(value, label)
        return list(seen.items())

    def condition(self, value):
        parts = [
            Q(pk__in=declared.rows(model).filter(listing_value=value).values("pk"))
            for model, declared in self.declared
            if value in dict(declared.choices_for(model))
        ]
        return reduce(or_, parts, Q(pk__in=[]))

    def labels_for(self, pages):
        """``{pk: label}`` of this filter's value for ``pages``: one query per page type."""
        labels = {}
        for model, declared in self.declared:
            ids = [p.pk for p in pages if isinstance(p, model)]
            if not ids:
                continue
            names = dict(declared.choices_for(model))
            for pk, value in declared.rows(model).filter(pk__in=ids).values_list("pk", "listing_value"):
                labels[pk] = names.get(str(value), "")
        return labels


@dataclass
class Row:
    page: object
    values: dict = field(default_factory=dict)

    @property
    def status(self):
        return self.values.get("status", "")


class Listing:
    """``pages`` (already under the access rule) narrowed by ``params``
    and paginated. ``models`` are the page types whose declared filters are
    offered; by default, the types among ``pages``. ``extra`` are
    :class:`ListingFilter` of the listing itself, offered after ``type``
    and ``year`` (unless ``types`` or ``years`` is false) and before the
    filters the page types declare."""

    def __init__(self, pages, params, *, models=None, extra=(), types=True, years=True, per_page=PER_PAGE):
        self.pages = pages
        self.params = params
        self.per_page = per_page
        if models is None:
            ids = pages.order_by().values_list("content_type", flat=True).distinct()
            models = [ContentType.objects.get_for_id(pk).model_class() for pk in set(ids)]
        self.models = [m for m in models if m is not None]
        self.declared = _declared_filters(self.models)
        self.menus = []
        self._conditions = []
        filters = [
            *([TypeFilter(self.models)] if types else []),
            *([YearFilter()] if years else []),
            *extra,
            *self.declared.values(),
        ]
        for listing_filter in filters:
            self._add(listing_filter)

    def _add(self, listing_filter):
        options = listing_filter.options(self.pages)
        chosen = self.params.get(listing_filter.name, "")
        if not listing_filter.accepts(chosen, options):
            chosen = ""
        elif chosen not in dict(options):
            options = [*options, (chosen, chosen)]
        self.menus.append(Menu(listing_filter.name, listing_filter.label, options, chosen))
        if chosen:
            self._conditions.append(listing_filter.condition(chosen))

    @property
    def filtered(self):
        return bool(self._conditions)

    def queryset(self):
        return self.pages.filter(*self._conditions)

    def page(self):
        """The page of rows asked for by ``?page=`` (the last one when past the end)."""
        rows = self.queryset()
        if rows.model is Page:  # the rows shown, in their own types: one query per type
            rows = rows.specific()
        paginator = Paginator(rows, self.per_page)
        page_obj = paginator.get_page(self.params.get("page"))
        pages = list(page_obj.object_list)
        values = {name: declared.labels_for(pages) for name, declared in self.declared.items()}
        page_obj.object_list = [
            Row(p, {name: found[p.pk] for name, found in values.items() if p.pk in found}) for p in pages
        ]
        return page_obj


def _declared_filters(models):
    by_name = {}
    for model in sorted(models, key=lambda m: m._meta.label):
        for declared in getattr(model, "listing_filters", ()):
            by_name.setdefault(declared.name, []).append((model, declared))
    return {name: DeclaredFilter(declared) for name, declared in by_name.items()}
