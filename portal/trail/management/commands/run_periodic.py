from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy
from wagtail import hooks

from portal.trail.context import system_actor


class Command(BaseCommand):
    help = gettext_lazy(
        "Run the portal's periodic jobs: seal and checkpoint the trail, send due reminders. "
        "Idempotent; run it every few minutes from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        with system_actor("run_periodic"):
            for job in hooks.get_hooks("liuhen_periodic"):
                message = job()
                if message:
                    self.stdout.write(str(message))
