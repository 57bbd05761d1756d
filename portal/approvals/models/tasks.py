"""Workflow tasks whose approver states an explicit opinion.

Every task offers the same three actions: ``approve`` (同意), ``request_changes``
(修改意见: the page goes back to its drafter, Wagtail's "changes requested")
and ``reject`` (不同意: the workflow ends, the page is not published). Each
action writes an :class:`~.opinions.ApprovalOpinion`. Who may act differs by
task type; superusers are not exempt, as in the access rule.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState, WorkflowState

from portal.accounts.roles import Role

from ..forms import AgreeForm, DisagreeForm, RequestChangesForm
from .opinions import ApprovalOpinion, Opinion

APPROVE, REQUEST_CHANGES, REJECT = "approve", "request_changes", "reject"
ACTION_OPINIONS = {APPROVE: Opinion.AGREE, REQUEST_CHANGES: Opinion.CHANGES, REJECT: Opinion.DISAGREE}
ACTION_FORMS = {APPROVE: AgreeForm, REQUEST_CHANGES: RequestChangesForm, REJECT: DisagreeForm}


def _department_id(obj):
    page = getattr(obj, "specific_deferred", obj)
    return getattr(page, "department_id", None)


class ApprovalTask(Task):
    """What the three approval task types share. A subclass says who may act
    (:meth:`may_act`) and who is told a page awaits them (:meth:`approvers`)."""

    class Meta:
        abstract = True

    def may_act(self, obj, user, task_state=None):
        raise NotImplementedError

    def approvers(self, obj):
        raise NotImplementedError

    # --- Wagtail's task API ---------------------------------------------------

    def get_actions(self, obj, user):
        if not (user.is_authenticated and user.is_active and self.may_act(obj, user)):
            return []
        return [
            (REQUEST_CHANGES, _("Request changes"), True),
            (REJECT, _("Disagree"), True),
            (APPROVE, _("Agree"), True),
        ]

    def get_form_for_action(self, action):
        return ACTION_FORMS.get(action, AgreeForm)

    def get_template_for_action(self, action):
        return "approvals/action_modal.html"

    def user_can_access_editor(self, obj, user):
        return self.may_act(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_act(obj, user)

    def user_can_lock(self, obj, user):
        return self.may_act(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related("workflow_state")
        ids = [s.pk for s in states if self.may_act(s.workflow_state.content_object, user, task_state=s)]
        return TaskState.objects.filter(pk__in=ids)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from ..services import record_opinion

        task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
        obj = task_state.workflow_state.content_object
        # The step acted on must be this task's, in progress, and the one its
        # workflow awaits; the approver is judged on that step's own page.
        workflow_state = task_state.workflow_state
        if (
            task_state.task_id != self.pk
            or task_state.status != TaskState.STATUS_IN_PROGRESS
            or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS
            or workflow_state.current_task_state_id != task_state.pk
            or action_name not in ACTION_OPINIONS
        ):
            raise PermissionDenied
        if action_name not in (name for name, _label, _modal in self.get_actions(obj, user)):
            raise PermissionDenied
        form = self.get_form_for_action(action_name)({"text": kwargs.get("text", "")})
        if not form.is_valid():
            raise ValidationError(form.errors["text"])
        text = form.cleaned_data["text"]
        record_opinion(task_state, user, ACTION_OPINIONS[action_name], text)
        if action_name == APPROVE:
            self.agreed(task_state, user, text)
        elif action_name == REQUEST_CHANGES:
            task_state.reject(user=user, comment=text)
        else:
            end_workflow(task_state, user, text)

    def agreed(self, task_state, user, text):
        task_state.approve(user=user, comment=text)


def end_workflow(task_state, user, reason):
    """不同意: the step is rejected and the whole workflow cancelled, so the
    page is not published and is not waiting for changes either."""
    task_state.reject(user=user, update=False, comment=reason)
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    workflow_state.cancel(user=user)


class DepartmentHeadTask(ApprovalTask):
    """Approval by the head(s) of the page's own department — not by any
    department head."""

    class Meta:
        verbose_name = _("department head approval")
        verbose_name_plural = _("department head approvals")

    def may_act(self, obj, user, task_state=None):
        department_id = _department_id(obj)
        return department_id is not None and user.headed_departments.filter(pk=department_id).exists()

    def approvers(self, obj):
        department_id = _department_id(obj)
        return get_user_model().objects.filter(headed_departments=department_id, is_active=True)

    @classmethod
    def get_description(cls):
        return _("The heads of the page's own department agree, request changes or disagree.")


class LeadershipTask(ApprovalTask):
    """Approval by any member of the leadership (公司领导)."""

    class Meta:
        verbose_name = _("leadership approval")
        verbose_name_plural = _("leadership approvals")

    def may_act(self, obj, user, task_state=None):
        return user.groups.filter(name=Role.LEADERSHIP.group_name).exists()

    def approvers(self, obj):
        return get_user_model().objects.filter(groups__name=Role.LEADERSHIP.group_name, is_active=True)

    @classmethod
    def get_description(cls):
        return _("Members of the leadership agree, request changes or disagree.")


class CountersignTask(ApprovalTask):
    """Countersigning (会签): every named approver must agree, in any order.
    The step completes when the last of them agrees; one disagreement ends
    the workflow, one request for changes sends the page back."""

    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("countersigning approvers"),
        blank=True,
        related_name="+",
        help_text=_("Every one of them must agree, in any order."),
    )

    admin_form_fields = [*Task.admin_form_fields, "users"]

    class Meta:
        verbose_name = _("countersign")
        verbose_name_plural = _("countersigns")

    def may_act(self, obj, user, task_state=None):
        return self.users.filter(pk=user.pk).exists()

    def approvers(self, obj):
        return self.users.filter(is_active=True)

    def agreed_ids(self, task_state):
        return set(
            ApprovalOpinion.objects.filter(task_state_id=task_state.pk, opinion=Opinion.AGREE).values_list(
                "approver_id", flat=True
            )
        )

    def waiting_for(self, task_state):
        """The named approvers who have not agreed yet on this run."""
        return self.users.exclude(pk__in=self.agreed_ids(task_state))

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        task_state = getattr(obj, "current_workflow_task_state", None)
        if task_state is not None and user.pk in self.agreed_ids(task_state):
            # Agreeing twice means nothing; a correction is still possible.
            return [action for action in actions if action[0] != APPROVE]
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        agreed = ApprovalOpinion.objects.filter(approver=user, opinion=Opinion.AGREE).values("task_state_id")
        return states.exclude(pk__in=agreed)

    def agreed(self, task_state, user, text):
        if not self.waiting_for(task_state).exists():
            task_state.approve(user=user, comment=text)

    @classmethod
    def get_description(cls):
        return _("Every named approver must agree, in any order.")
