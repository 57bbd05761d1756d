from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts import two_factor


class Command(BaseCommand):
    help = gettext_lazy(
        "Remove a user's authenticator and backup codes (lost phone or lock-out); "
        "they enrol again at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is called %(username)s.") % {"username": username})
        two_factor.reset(user)
        self.stdout.write(
            self.style.SUCCESS(
                _("Two-factor sign-in of %(name)s was reset.") % {"name": user.get_full_name()}
            )
        )
