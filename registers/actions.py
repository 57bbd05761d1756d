"""Readable names of the registers' trail actions."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "circulation.send": _("Record circulated"),
    "circulation.read": _("Circulated record read"),
    "circulation.comment": _("Circulation comment added"),
    "circulation.remind": _("Circulation reminder sent"),
    "circulation.paper_signature": _("Paper circulation signature recorded"),
    "followup.open": _("Follow-up tasks opened"),
    "followup.start": _("Follow-up task started"),
    "followup.progress": _("Follow-up progress reported"),
    "followup.request_extension": _("Follow-up extension requested"),
    "followup.decide_extension": _("Follow-up extension decided"),
    "followup.complete": _("Follow-up task completed"),
    "followup.close": _("Follow-up task closed"),
    "followup.reopen": _("Follow-up task reopened"),
    "followup.remind": _("Follow-up reminder sent"),
}
