"""Readable names of the access app's trail actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

ACTIONS = {
    "access.view": _("Record viewed"),
    "access.download": _("File downloaded"),
    "access.refused": _("Access refused"),
    "access.refusals_flagged": _("Repeated refusals flagged"),
    "access.request": _("Access requested"),
    "access.grant.approve": _("Access request approved"),
    "access.grant.refuse": _("Access request refused"),
    "access.grant.revoke": _("Grant revoked"),
    "access.grant.expire": _("Grant expired"),
    "access.visit.register": _("External audit visit registered"),
    "access.visit.update": _("External audit visit changed"),
    "access.visit.approve": _("External audit visit approved"),
    "access.visit.refuse": _("External audit visit refused"),
    "access.visit.end": _("External audit visit ended"),
    "access.visit.outside": _("Visitor refused outside the visit"),
    "record.delete_refused": _("Deletion of an issued record refused"),
}


@hooks.register("register_log_actions")
def register_access_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)
