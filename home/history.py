"""The sections of a record's history tab that ``home`` knows: the page's
revisions (with Wagtail's compare) and its trail events. Approvals and
circulation add theirs through the same hook."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.history import HistorySection
from portal.trail.links import can_view_trail, trail_url
from portal.trail.proofs import events_about

TRAIL_EVENTS_SHOWN = 50


def history_url(page):
    return reverse("record_history", args=[page.pk])


def revisions_section(page, request):
    revisions = list(page.revisions.select_related("user").order_by("-created_at", "-pk"))
    may_compare = page.permissions_for_user(request.user).can_edit()
    rows = []
    for index, revision in enumerate(revisions):
        earlier = revisions[index + 1] if index + 1 < len(revisions) else None
        compare = None
        if may_compare and earlier is not None:
            compare = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, earlier.pk, revision.pk])
        rows.append(
            {
                "revision": revision,
                "live": revision.pk == page.live_revision_id,
                "compare_url": compare,
                "approved_go_live_at": revision.approved_go_live_at,
            }
        )
    return HistorySection(
        order=10,
        title=_("Revisions"),
        template="home/history/revisions.html",
        context={"rows": rows, "may_compare": may_compare},
    )


def trail_section(page, request):
    """The page's trail events, for those who may read the trail."""
    if not can_view_trail(request.user):
        return None
    events = events_about([page])
    return HistorySection(
        order=90,
        title=_("Trail events"),
        template="home/history/trail.html",
        context={
            "events": events[:TRAIL_EVENTS_SHOWN],
            "more": events.count() > TRAIL_EVENTS_SHOWN,
            "trail_url": trail_url(page.specific_class._meta.label_lower, page.pk),
        },
    )
