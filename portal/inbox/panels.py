"""The admin dashboard's "My pending items" panel."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from . import pending_items

LIMIT = 10


class PendingItemsPanel(Component):
    name = "pending_items"
    order = 30
    template_name = "inbox/panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        items = pending_items(self.user)
        return {
            "items": items[:LIMIT],
            "more": max(len(items) - LIMIT, 0),
            "inbox_url": reverse("inbox:index"),
        }
