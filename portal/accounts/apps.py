from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True  # this module holds two configs; this one is the app's
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"


class PortalUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the portal's own user fields in its forms."""

    user_viewset = "portal.accounts.views.users.PortalUserViewSet"
