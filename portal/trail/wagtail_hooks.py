from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from . import status
from .links import can_view_trail, trail_url
from .views import event_viewset


@hooks.register("register_admin_viewset")
def register_trail_viewset():
    return event_viewset


class TrailStatusPanel(Component):
    """The chain's health on the dashboard: last verification, last checkpoint."""

    name = "trail_status"
    order = 50
    template_name = "trail/panels/status.html"

    def get_context_data(self, parent_context):
        verification = status.last_verification()
        result = verification.details if verification else None
        return {
            "verification": verification,
            "result": result,
            "whole": verification is not None and verification.action == status.VERIFY_ACTION,
            "failure": status.describe_failure(result) if result and not result.get("ok") else "",
            "checkpoint": status.last_checkpoint(),
            "pending": status.pending_count(),
            "trail_url": reverse("trail:index"),
        }


@hooks.register("construct_homepage_panels")
def add_trail_status_panel(request, panels):
    if can_view_trail(request.user):
        panels.append(TrailStatusPanel())


@hooks.register("register_page_header_buttons")
def page_trail_button(page, user, view_name, next_url=None):
    if can_view_trail(user):
        specific = page.specific_class._meta
        yield Button(
            gettext_lazy("Trail"),
            trail_url(f"{specific.app_label}.{specific.model_name}", page.pk),
            icon_name="history",
            priority=90,
        )


@hooks.register("register_snippet_listing_buttons")
def snippet_trail_button(snippet, user, next_url=None):
    if can_view_trail(user):
        yield Button(
            gettext_lazy("Trail"),
            trail_url(snippet._meta.label_lower, snippet.pk),
            icon_name="history",
            priority=90,
        )


@hooks.register("liuhen_periodic", order=-20)
def seal_and_checkpoint():
    """Seal what is pending and sign a checkpoint (if anything happened)."""
    from .checkpoints import create_checkpoint

    checkpoint = create_checkpoint()
    if checkpoint is not None:
        return _("Trail checkpoint: %(size)s events") % {"size": checkpoint.size}
    return None


@hooks.register("liuhen_periodic", order=-10)
def verify_trail():
    """Verify what was sealed since the last verified checkpoint (the whole
    trail once a day); a failure is sealed and waits in the inbox of those
    who answer for it."""
    report = status.verify_periodically()
    if report.ok:
        return _("Trail verified: %(events)s events, head %(head)s") % {
            "events": report.events,
            "head": report.head,
        }
    return _("Trail verification FAILED: %(problem)s") % {"problem": report.first_problem.describe(_)}
