"""What tests of "one business action = one event" look at."""

from contextlib import contextmanager

from portal.trail.models import Event

# Events that record reading, not writing: they come with any page a user opens.
READING = ("access.view", "access.download", "print", "export", "account.sign_in", "account.otp_verified")


@contextmanager
def business_events():
    """``with business_events() as events:`` — afterwards ``events`` holds
    the events recorded inside, oldest first, reading left out."""
    start = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    events = []
    yield events
    events.extend(Event.objects.filter(id__gt=start).exclude(action__in=READING).order_by("id"))


def named(event):
    """``[(source type, source id)]`` the event names, in order."""
    return list(event.sources.order_by("id").values_list("source_type", "source_id"))
