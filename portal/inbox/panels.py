"""The admin dashboard's "My pending items" panel: every pending item once
(approvals included, with their opinions given in place), in one list."""

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
        parent_context = parent_context or {}
        return {
            "items": items[:LIMIT],
            "more": max(len(items) - LIMIT, 0),
            "inbox_url": reverse("inbox:index"),
            # What an item's actions need to post back here.
            "request": parent_context.get("request"),
            "csrf_token": parent_context.get("csrf_token"),
        }
