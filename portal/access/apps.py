from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "portal.access"
    label = "access"
    verbose_name = _("Access")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import deletion, mirror, permissions

        permissions.register_policies()
        mirror.connect()
        deletion.connect()
