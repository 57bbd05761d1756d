"""Keeps :class:`~portal.access.models.PageAccess` equal to what each
access-controlled page's own table holds: written whenever a page is saved
with its department or level (creation, publishing, copying, moving, a
fixture), removed with the page by the database's cascade. A draft that
changes the level changes nothing until it is published, as for the page's
own row. Saving through the model is the only way pages are written; a bulk
``update()`` of those columns would have to call :func:`mirror` itself."""

from django.db.models.signals import post_save

from .models import AccessControlledPage, PageAccess

MIRRORED = frozenset({"department", "department_id", "confidentiality"})


def mirror(page):
    PageAccess.objects.update_or_create(
        page_id=page.pk,
        defaults={"department_id": page.department_id, "confidentiality": page.confidentiality},
    )


def page_saved(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, AccessControlledPage):
        return
    # A revision saved as a draft writes only its own bookkeeping columns,
    # while the instance holds the draft's values: those are not the page's yet.
    if update_fields is not None and not MIRRORED & set(update_fields):
        return
    mirror(instance)


def connect():
    post_save.connect(page_saved, dispatch_uid="access-page-mirror")
