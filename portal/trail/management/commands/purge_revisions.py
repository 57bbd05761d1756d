from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Command(BaseCommand):
    """Replaces Wagtail's ``purge_revisions``: revisions are sealed records."""

    help = gettext_lazy("Refused: page revisions are sealed in the trail and are never purged.")

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")
        parser.add_argument("--days", type=int)
        parser.add_argument("--pages", action="store_true")
        parser.add_argument("--non-pages", action="store_true")

    def handle(self, *args, **options):
        raise CommandError(
            _(
                "Page revisions are sealed in the trail and are never purged. Expired records "
                "leave through the disposal procedure, which keeps a tombstone."
            )
        )
