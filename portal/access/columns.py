"""Where a queryset finds what the access rule reads of a record.

A register, a file model or one page type keeps its owning department and
level in its own columns. A queryset of pages of every type finds them in
the page-access table (:class:`~portal.access.models.PageAccess`), one
join away whatever the page's type, and the author in the page's owner.
Whom a page names, whatever its type, is in one table beside it
(:class:`~portal.access.models.NamedOnPage`); a register's participants are
in its own relation's table. :mod:`portal.access.rules` writes the same
conditions against either.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page

from .models import AccessControlledPage, NamedOnPage


def naming(subject):
    """The rows of :class:`~portal.access.models.NamedOnPage` that name the
    person ``subject`` stands for: them, their department or one above it,
    one of their roles, or every employee."""
    names = Q(user_id=subject.user_id) | Q(everyone=True)
    if subject.departments:
        names |= Q(department_id__in=subject.departments)
    if subject.groups:
        names |= Q(role_id__in=subject.groups)
    return NamedOnPage.objects.filter(names)


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

    def naming(self, subject):
        """Rows whose record names the person ``subject`` stands for. A page
        of any type: in the one table of named people. A register: among its
        participants (read from the relation's own table alone), or
        otherwise: a register may name more people with an
        ``access_naming(user_id)`` class method returning a ``Q`` over its rows."""
        if issubclass(self.model, Page):
            return Q(pk__in=naming(subject).values("access_id"))
        field = self.model._meta.get_field("participants")
        named = field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): subject.user_id})
        condition = Q(pk__in=named.values(field.m2m_field_name()))
        more = getattr(self.model, "access_naming", None)
        return condition | more(subject.user_id) if more is not None else condition

    def of_types(self, type_ids):
        """Rows whose record type is one of ``type_ids``: a ``Q``, or
        ``True``/``False`` when the model has one type."""
        if issubclass(self.model, Page):
            return Q(content_type_id__in=type_ids)
        return ContentType.objects.get_for_model(self.model).pk in type_ids


class PageColumns(RecordColumns):
    """The columns of a ``Page`` queryset holding pages of every type."""

    department = "access__department_id"
    confidentiality = "access__confidentiality"
    author = f"{AccessControlledPage.access_author_field}_id"

    def __init__(self):
        super().__init__(Page)
