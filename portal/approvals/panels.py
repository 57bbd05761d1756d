"""The dashboard panel: the approval steps awaiting the user, oldest first.
(Access requests and visits keep their own panel, from ``portal.access``.)"""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from . import queue

SHOWN = 8


class AwaitingStepsPanel(Component):
    name = "approvals_awaiting"
    order = 39
    template_name = "approvals/panels/awaiting.html"

    def __init__(self, steps):
        self.steps = steps

    @classmethod
    def for_user(cls, user):
        steps = queue.awaiting(user)
        return cls(steps) if steps else None

    def get_context_data(self, parent_context):
        return {
            "steps": self.steps[:SHOWN],
            "more": max(len(self.steps) - SHOWN, 0),
            "queue_url": reverse("approvals:queue"),
        }
