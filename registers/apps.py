"""Structured registers (台账): records kept as rows, not pages, under django-reversion."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "registers"
    verbose_name = _("Registers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from .models import Circulation
        from .permissions import CirculationPermissionPolicy

        register_permission_policy(Circulation, CirculationPermissionPolicy(Circulation), exact_class=True)
