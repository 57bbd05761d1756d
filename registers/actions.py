"""Readable names of the registers' trail actions."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "circulation.send": _("Record circulated"),
    "circulation.read": _("Circulated record read"),
    "circulation.comment": _("Circulation comment added"),
    "circulation.remind": _("Circulation reminder sent"),
    "circulation.paper_signature": _("Paper circulation signature recorded"),
    "meeting.notice": _("Meeting notice sent"),
    "meeting.respond": _("Meeting attendance answered"),
    "meeting.check_in": _("Signed in to a meeting"),
    "meeting.paper_sign_in": _("Paper meeting sign-in sheet recorded"),
    "calendar.override": _("Working day set for the company"),
    "report.draft": _("Daily report draft saved"),
    "report.submit": _("Daily report submitted"),
    "report.edit": _("Daily report edited"),
    "report.annotate": _("Daily report annotated"),
    "report.reply": _("Reply to an annotation"),
    "report.weekly_draft": _("Weekly report draft saved"),
    "report.weekly_submit": _("Weekly report submitted"),
    "report.weekly_edit": _("Weekly report edited"),
    "report.weekly_sign": _("Weekly report signed"),
    "report.monthly_draft": _("Monthly report draft saved"),
    "report.monthly_submit": _("Monthly report submitted"),
    "report.department_monthly_compose": _("Department monthly report composed"),
    "report.department_monthly_submit": _("Department monthly report submitted to leadership"),
    "report.department_monthly_comment": _("Department monthly report commented by leadership"),
    "report.remind": _("Daily report reminder sent"),
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
ACTIONS.update(
    {
        "project.plan_stage_add": _("Project stage added"),
        "project.plan_stage_change": _("Project stage changed"),
        "project.plan_task_add": _("Project task added"),
        "project.plan_task_change": _("Project task changed"),
        "project.plan_note_add": _("Project communication note added"),
        "project.plan_note_change": _("Project communication note changed"),
    }
)
