from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections
from django.utils.translation import gettext as _

from portal.trail import triggers


class Command(FlushCommand):
    """Django's ``flush``, which would erase the trail: refused unless
    ``TRAIL_ALLOW_FLUSH`` (the test suite's throw-away databases)."""

    def handle(self, **options):
        if not settings.TRAIL_ALLOW_FLUSH:
            raise CommandError(_("The trail is append-only: flushing the database would erase it."))
        connection = connections[options["database"]]
        triggers.drop(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.install(connection)
