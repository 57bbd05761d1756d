"""Links to the trail of one record, for the views of every app."""

from django.urls import reverse
from django.utils.http import urlencode


def can_view_trail(user):
    return user.has_perm("trail.view_event")


def trail_url(target_type, target_id):
    """The 留痕 listing narrowed to one record (``app_label.model``, pk)."""
    return reverse("trail:index") + "?" + urlencode({"target_type": target_type, "target_id": target_id})


def record_trail_url(record):
    return trail_url(record._meta.label_lower, record.pk)
