"""Keeps :class:`~portal.access.models.PageAccess` and
:class:`~portal.access.models.NamedOnPage` equal to what each
access-controlled page's own tables hold: written whenever a page is saved
with its department, level or named people (creation, publishing, copying,
moving, a fixture), removed with the page by the database's cascade.

A page keeps whom it names in parental many-to-many fields
(``access_naming_fields``), which the page's ``save()`` stores after the
page's row: a full save is mirrored from the values the page is about to
store, and every later change of those fields' rows (a save naming only
them, or a plain ``add()``) from the stored page. A draft that changes any
of them changes nothing until it is published, as for the page's own row.
Saving through the model is the only way pages are written; a bulk
``update()`` of those columns or rows would have to call :func:`mirror`
itself."""

from django.db.models.signals import m2m_changed, post_save
from wagtail.models import get_page_models

from .models import AccessControlledPage, NamedOnPage, PageAccess

MIRRORED = frozenset({"department", "department_id", "confidentiality"})
NAMING_CHANGED = frozenset({"post_add", "post_remove", "post_clear"})


def mirror(page, *, named=True):
    PageAccess.objects.update_or_create(
        page_id=page.pk,
        defaults={"department_id": page.department_id, "confidentiality": page.confidentiality},
    )
    if named:
        _mirror_named(page.pk, page.access_named().rows())


def _mirror_named(page_id, wanted):
    stored = {
        tuple(row): pk
        for pk, *row in NamedOnPage.objects.filter(access_id=page_id).values_list(
            "pk", "user_id", "department_id", "role_id", "everyone"
        )
    }
    gone = [pk for row, pk in stored.items() if row not in wanted]
    if gone:
        NamedOnPage.objects.filter(pk__in=gone).delete()
    NamedOnPage.objects.bulk_create(
        NamedOnPage(
            access_id=page_id, user_id=user, department_id=department, role_id=role, everyone=everyone
        )
        for user, department, role, everyone in wanted - stored.keys()
    )


def page_saved(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, AccessControlledPage):
        return
    if update_fields is None:
        mirror(instance)
    # A revision saved as a draft writes only its own bookkeeping columns,
    # while the instance holds the draft's values: those are not the page's yet.
    elif MIRRORED & set(update_fields):
        mirror(instance, named=False)


def naming_changed(sender, instance, action, reverse, **kwargs):
    # The fields name people with related_name="+": changed from the page's side only.
    if action not in NAMING_CHANGED or reverse or not isinstance(instance, AccessControlledPage):
        return
    # As stored now: the instance may hold values of other fields this save does not store.
    mirror(type(instance)._base_manager.get(pk=instance.pk))


def naming_relations():
    """The many-to-many tables whose rows say whom a page names."""
    return {
        model._meta.get_field(name).remote_field.through
        for model in get_page_models()
        if issubclass(model, AccessControlledPage)
        for name in model.access_naming_fields
    }


def connect():
    post_save.connect(page_saved, dispatch_uid="access-page-mirror")
    for through in naming_relations():
        m2m_changed.connect(
            naming_changed, sender=through, dispatch_uid=f"access-page-naming-{through._meta.label_lower}"
        )
