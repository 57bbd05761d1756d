"""E-mail to the people who may act when an approval step starts, through
Wagtail's notification machinery (its "submitted" templates, the users'
notification preferences and language)."""

from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.models import TaskState
from wagtail.signals import task_submitted


class ApprovalTaskSubmissionEmailNotifier(EmailNotificationMixin, Notifier):
    notification = "submitted"

    def __init__(self):
        super().__init__((TaskState,))

    def can_handle(self, instance, **kwargs):
        from .models import ApprovalTask

        return super().can_handle(instance, **kwargs) and isinstance(instance.task.specific, ApprovalTask)

    def get_template_base_prefix(self, instance, **kwargs):
        return "task_state_"

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["task"] = task_state.task.specific
        context["object"] = task_state.workflow_state.content_object
        context["model_name"] = context["object"]._meta.verbose_name
        context["page"] = context["object"].specific
        return context

    def get_recipient_users(self, task_state, **kwargs):
        page = task_state.workflow_state.content_object.specific
        recipients = task_state.task.specific.approvers(page, task_state)
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            recipients = recipients.exclude(pk=triggering_user.pk)
        return set(recipients)


submission_notifier = ApprovalTaskSubmissionEmailNotifier()


def connect():
    task_submitted.connect(submission_notifier, dispatch_uid="approvals_task_submitted")
