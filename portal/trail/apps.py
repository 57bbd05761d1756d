from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrailConfig(AppConfig):
    name = "portal.trail"
    label = "trail"
    verbose_name = _("Trail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers, spreadsheets

        receivers.connect()
        spreadsheets.localise_wagtail_exports()
