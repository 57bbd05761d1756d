"""Wagtail's admin API for documents and images, narrowed by the access rule
(Wagtail's own endpoints list every file, titles and download addresses
included). Registered in place of Wagtail's by the ``construct_admin_api``
hook."""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from . import rules
from .rules import Action


class ReadableFilesMixin:
    def get_queryset(self):
        files = super().get_queryset()
        return files.filter(rules.filter_for(self.request.user, Action.LIST, files.model))


class ReadableDocumentsAPIViewSet(ReadableFilesMixin, DocumentsAdminAPIViewSet):
    pass


class ReadableImagesAPIViewSet(ReadableFilesMixin, ImagesAdminAPIViewSet):
    pass


ENDPOINTS = {"documents": ReadableDocumentsAPIViewSet, "images": ReadableImagesAPIViewSet}
