"""Where a queryset finds what the access rule reads of a record.

A register, a file model or one page type keeps its owning department and
level in its own columns. A queryset of pages of every type finds them in
the page-access table (:class:`~portal.access.models.PageAccess`), one
join away whatever the page's type, and the author in the page's owner.
:mod:`portal.access.rules` writes the same conditions against either.
"""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page

from .models import AccessControlledPage


class RecordColumns:
    """The columns of one access-controlled model."""

    department = "department_id"
    confidentiality = "confidentiality"

    def __init__(self, model):
        self.model = model

    @property
    def author(self):
        field = self.model.access_author_field
        return f"{field}_id" if field else None

    def naming(self, user_id):
        """Rows whose record names ``user_id`` among its participants (read
        from the relation's own table alone), or otherwise: a model may name
        more people, e.g. a training's audience, with an ``access_naming(user_id)``
        class method returning a ``Q`` over its rows."""
        field = self.model._meta.get_field("participants")
        named = field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): user_id})
        condition = Q(pk__in=named.values(field.m2m_field_name()))
        more = getattr(self.model, "access_naming", None)
        return condition | more(user_id) if more is not None else condition

    def of_types(self, type_ids):
        """Rows whose record type is one of ``type_ids``: a ``Q``, or
        ``True``/``False`` when the model has one type."""
        if issubclass(self.model, Page):
            return Q(content_type_id__in=type_ids)
        return ContentType.objects.get_for_model(self.model).pk in type_ids


class PageColumns(RecordColumns):
    """The columns of a ``Page`` queryset holding pages of every type:
    ``controlled`` are the access-controlled page types."""

    department = "access__department_id"
    confidentiality = "access__confidentiality"
    author = f"{AccessControlledPage.access_author_field}_id"

    def __init__(self, controlled):
        super().__init__(Page)
        self.controlled = controlled

    def naming(self, user_id):
        # Each page type keeps its participants in its own table.
        return reduce(or_, (RecordColumns(m).naming(user_id) for m in self.controlled), Q(pk__in=[]))
