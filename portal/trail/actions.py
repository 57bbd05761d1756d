"""Readable names of the trail's own actions. Wagtail's actions (publish,
edit, workflow steps…) keep Wagtail's names; both live in Wagtail's log-action
registry, which is where the admin looks labels up."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import registry

ACTIONS = {
    "account.sign_in": _("Signed in"),
    "account.sign_out": _("Signed out"),
    "account.sign_in_failed": _("Sign-in failed"),
    "account.language": _("Language changed"),
    "account.otp_enrolled": _("Two-factor sign-in set up"),
    "account.otp_verified": _("Verification code accepted"),
    "account.otp_failed": _("Wrong verification code"),
    "account.otp_throttled": _("Verification code refused (too soon)"),
    "account.otp_locked_out": _("Two-factor sign-in locked"),
    "account.otp_reset": _("Two-factor sign-in reset"),
    "account.backup_codes_issued": _("Backup codes issued"),
    "request.refused": _("Request refused"),
    "export": _("Exported"),
    "print": _("Printed"),
    "register.version": _("Register record saved"),
    "wagtail.revision": _("Revision saved"),
    "trail.source_deleted": _("Sealed source row deleted"),
    "trail.view": _("Trail viewed"),
    "trail.verify": _("Trail verified"),
    "trail.verify_recent": _("Recent trail events verified"),
    "system.periodic_failed": _("Periodic job failed"),
    "system.setup_portal": _("Portal set up"),
    "system.seed_demo": _("Demo data created"),
    "system.seed_demo_reset": _("Demo data removed"),
}


@hooks.register("register_log_actions")
def register_trail_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


def label(action):
    """The readable name of an action code, in the user's language."""
    return registry.get_action_label(action) if registry.action_exists(action) else action
