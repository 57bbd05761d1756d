import traceback

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from portal.trail import record
from portal.trail.context import system_actor


def _name(job):
    return f"{job.__module__}.{job.__qualname__}"


class Command(BaseCommand):
    help = gettext_lazy(
        "Run the portal's periodic jobs: seal, checkpoint and verify the trail, send due reminders. "
        "Idempotent; run it every few minutes from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        failed = []
        with system_actor("run_periodic"):
            for job in hooks.get_hooks("liuhen_periodic"):
                # Each job on its own: one that fails is reported and sealed,
                # and the others still run.
                try:
                    message = job()
                except Exception as error:  # any failure of one job
                    failed.append(_name(job))
                    self._report_failure(job, error)
                    continue
                if message:
                    self.stdout.write(str(message))
        if failed:
            raise CommandError(
                _("Periodic jobs failed: %(jobs)s") % {"jobs": ", ".join(failed)}, returncode=1
            )

    def _report_failure(self, job, error):
        self.stderr.write(_("Periodic job %(job)s failed: %(error)s") % {"job": _name(job), "error": error})
        self.stderr.write("".join(traceback.format_exception(error)))
        if connection.needs_rollback:
            return  # the surrounding transaction is broken; its own error tells
        try:
            with transaction.atomic():
                record(
                    "system.periodic_failed",
                    details={"job": _name(job), "error": f"{type(error).__name__}: {error}"[:500]},
                )
        except Exception as recording_error:  # the trail itself may be what failed
            self.stderr.write(str(recording_error))
