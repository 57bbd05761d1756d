from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True  # this module holds two configs; this one is the app's
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps
        from wagtail.permissions import register_permission_policy

        from portal.direction import guard_model_fields

        from . import receivers
        from .models import AccountChange
        from .permissions import AccountChangePermissionPolicy

        receivers.connect()

        register_permission_policy(
            AccountChange, AccountChangePermissionPolicy(AccountChange), exact_class=True
        )

        # Names and titles of every app: no text that reverses its own direction.
        guard_model_fields(apps.get_models())

        hide_wagtails_name_panel()


def hide_wagtails_name_panel():
    """A person's name (姓名, one field) and e-mail are kept by IT in the user
    admin, where each change is one trail event. Wagtail's own "Name and
    email" panel of the account settings would ask everyone for a first and
    a last name the portal does not have, and save them unrecorded."""
    from wagtail.admin.views.account import NameEmailSettingsPanel

    NameEmailSettingsPanel.is_active = lambda panel: False


class PortalUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the portal's own user fields in its forms."""

    user_viewset = "portal.accounts.views.users.PortalUserViewSet"
