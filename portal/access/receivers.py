"""Signal receivers: refusals sealed into the trail feed the refusal flags."""

from django.db.models.signals import post_save

from portal.trail.models import Event


def refusal_sealed(sender, instance, created, raw=False, **kwargs):
    from .services import flags

    if created and not raw:
        flags.note_refusal(instance)


def connect():
    post_save.connect(refusal_sealed, sender=Event, dispatch_uid="access-refusal-flags")
