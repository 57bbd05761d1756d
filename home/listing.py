"""The filters of a section's listing: record type, year, policy status."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from portal.http import number_or_none


class ChildListing:
    """A section's children narrowed by the ``type``, ``year`` and ``status``
    query parameters (unknown values are ignored, not an error)."""

    def __init__(self, children, params):
        self.children = children
        self.params = params

    def type_choices(self):
        ids = self.children.order_by().values_list("content_type", flat=True).distinct()
        models = [ContentType.objects.get_for_id(pk).model_class() for pk in set(ids)]
        return sorted(
            ((model._meta.model_name, model._meta.verbose_name) for model in models if model is not None),
            key=lambda choice: str(choice[1]),
        )

    def year_choices(self):
        dates = self.children.order_by().dates("first_published_at", "year", order="DESC")
        return [d.year for d in dates]

    def status_choices(self):
        from .models import PolicyStatus

        return [(s.value, s.label) for s in PolicyStatus if s != PolicyStatus.DRAFT]

    @property
    def selected(self):
        return {name: self.params.get(name, "") for name in ("type", "year", "status")}

    @property
    def filtered(self):
        return any(self.selected.values())

    def pages(self):
        pages = self.children
        chosen = self.selected
        names = dict(self.type_choices())
        if chosen["type"] in names:
            pages = pages.filter(content_type__model=chosen["type"])
        year = number_or_none(chosen["year"], largest=9999)
        if year is not None:
            pages = pages.filter(first_published_at__year=year)
        pages = list(pages.specific())
        if chosen["status"]:
            pages = [p for p in pages if getattr(p, "status", None) == chosen["status"]]
        return pages

    labels = {"type": _("Type"), "year": _("Year"), "status": _("Status")}
