from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections
from django.utils.translation import gettext as _
from wagtail import hooks

from portal.trail import triggers


class Command(FlushCommand):
    """Django's ``flush``, which would erase the trail: refused unless
    ``TRAIL_ALLOW_FLUSH`` (the test suite's throw-away databases). Other
    apps' guards against changing their rows (``liuhen_database_guards``
    hooks, each returning an object with ``drop`` and ``install``) are lifted
    for the flush too."""

    def handle(self, **options):
        if not settings.TRAIL_ALLOW_FLUSH:
            raise CommandError(_("The trail is append-only: flushing the database would erase it."))
        connection = connections[options["database"]]
        guards = [triggers, *(hook() for hook in hooks.get_hooks("liuhen_database_guards"))]
        for guard in guards:
            guard.drop(connection)
        try:
            return super().handle(**options)
        finally:
            for guard in guards:
                guard.install(connection)
