"""Workflow tasks whose approver states an explicit opinion.

Every task offers the same three actions: ``approve`` (同意), ``request_changes``
(修改意见: the page goes back to its drafter, Wagtail's "changes requested")
and ``reject`` (不同意: the workflow ends, the page is not published). Each
action writes an :class:`~.opinions.ApprovalOpinion`. Who may act differs by
task type; superusers are not exempt, as in the access rule.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState, WorkflowState

from .. import routing
from ..forms import AgreeForm, DisagreeForm, RequestChangesForm
from .opinions import ApprovalOpinion, Opinion

APPROVE, REQUEST_CHANGES, REJECT = "approve", "request_changes", "reject"
ACTION_OPINIONS = {APPROVE: Opinion.AGREE, REQUEST_CHANGES: Opinion.CHANGES, REJECT: Opinion.DISAGREE}
ACTION_FORMS = {APPROVE: AgreeForm, REQUEST_CHANGES: RequestChangesForm, REJECT: DisagreeForm}
STEP_ENDED = _("This approval step is no longer waiting for an opinion: it has ended. Nothing was recorded.")


def submitted_record(obj, task_state=None):
    """The record as submitted on ``task_state`` (its revision), else the page
    as stored: the step judges what was submitted, with its department, level
    and countersigners, not a later draft."""
    if task_state is None:
        task_state = getattr(obj, "current_workflow_task_state", None) if obj is not None else None
    if task_state is not None:
        cached = getattr(task_state, "_submitted_record", None)
        if cached is None and task_state.revision_id is not None:
            cached = task_state.revision.as_object()
            task_state._submitted_record = cached
        if cached is not None:
            return cached
    return getattr(obj, "specific_deferred", obj)


def _submitter_id(task_state):
    return task_state.workflow_state.requested_by_id if task_state is not None else None


class ApprovalTask(Task):
    """What the three approval task types share. A subclass says who is
    eligible on a step (:meth:`eligible`); the drafter never is."""

    class Meta:
        abstract = True

    def eligible(self, record, excluded):
        """Users who may act on ``record``, leaving out ``excluded``."""
        raise NotImplementedError

    def approvers(self, obj, task_state=None):
        """Who may act on the step ``obj`` awaits (told by e-mail, reminded)."""
        if task_state is None:
            task_state = getattr(obj, "current_workflow_task_state", None)
        record = submitted_record(obj, task_state)
        return self.eligible(record, routing.drafters(record, _submitter_id(task_state)))

    def may_act(self, obj, user, task_state=None):
        return self.approvers(obj, task_state).filter(pk=user.pk).exists()

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
        from ..services.opinions import record_opinion

        task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
        obj = task_state.workflow_state.content_object
        # The step acted on must be this task's, in progress, and the one its
        # workflow awaits; the approver is judged on that step's own page.
        workflow_state = task_state.workflow_state
        if task_state.task_id != self.pk or action_name not in ACTION_OPINIONS:
            raise PermissionDenied
        if (
            task_state.status != TaskState.STATUS_IN_PROGRESS
            or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS
            or workflow_state.current_task_state_id != task_state.pk
        ):
            # A second click, or an opinion on a step that has ended meanwhile.
            raise ValidationError(STEP_ENDED)
        if not self.may_act(obj, user, task_state):
            raise PermissionDenied
        if action_name not in (name for name, _label, _modal in self.get_actions(obj, user)):
            raise PermissionDenied
        form = self.get_form_for_action(action_name)({"text": kwargs.get("text", "")})
        if not form.is_valid():
            raise ValidationError(form.errors["text"])
        text = form.cleaned_data["text"]
        record_opinion(
            task_state,
            user,
            ACTION_OPINIONS[action_name],
            text,
            then=lambda: self.conclude(task_state, user, action_name, text),
        )

    def conclude(self, task_state, user, action_name, text):
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
    department head. A department without another head routes the step to
    its parent department's heads, and at the top to the leadership."""

    class Meta:
        verbose_name = _("department head approval")
        verbose_name_plural = _("department head approvals")

    def eligible(self, record, excluded):
        department = getattr(record, "department", None) if getattr(record, "department_id", None) else None
        if department is None:
            return get_user_model().objects.none()
        return routing.heads_for(department, excluded)

    @classmethod
    def get_description(cls):
        return _("The heads of the page's own department agree, request changes or disagree.")


class LeadershipTask(ApprovalTask):
    """Approval by any member of the leadership (公司领导) other than the drafter."""

    class Meta:
        verbose_name = _("leadership approval")
        verbose_name_plural = _("leadership approvals")

    def eligible(self, record, excluded):
        return routing.leadership().exclude(pk__in=excluded)

    @classmethod
    def get_description(cls):
        return _("Members of the leadership agree, request changes or disagree.")


class CountersignTask(ApprovalTask):
    """Countersigning (会签): every countersigner the record names must agree,
    in any order — a named person themselves, a named department through one
    of its heads. The step completes when the last of them agrees; one
    disagreement ends the workflow, one request for changes sends the page
    back."""

    class Meta:
        verbose_name = _("countersign")
        verbose_name_plural = _("countersigns")

    def slots(self, obj, task_state):
        record = submitted_record(obj, task_state)
        return routing.countersign_slots(record, routing.drafters(record, _submitter_id(task_state)))

    def eligible(self, record, excluded):
        ids = set().union(*routing.countersign_slots(record, excluded))
        return get_user_model().objects.filter(pk__in=ids, is_active=True)

    def agreed_ids(self, task_state):
        return set(
            ApprovalOpinion.objects.filter(task_state_id=task_state.pk, opinion=Opinion.AGREE).values_list(
                "approver_id", flat=True
            )
        )

    def waiting_for(self, task_state):
        """The countersigners whose agreement is still missing on this run
        (for a department, each head who may sign for it)."""
        agreed = self.agreed_ids(task_state)
        obj = task_state.workflow_state.content_object
        ids = set().union(*(slot for slot in self.slots(obj, task_state) if not slot & agreed))
        return get_user_model().objects.filter(pk__in=ids)

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
        return _("Every countersigner the record names must agree, in any order.")


class MeetingChairTask(ApprovalTask):
    """Approval by the chair of the meeting the record belongs to (its
    ``approving_chair``: a meeting's minutes). When the chair cannot act —
    no chair named, an inactive account, or the chair drafted or submitted
    the record — the heads of the record's department approve in their
    place (and up the organisation, as for any head's step)."""

    class Meta:
        verbose_name = _("meeting chair approval")
        verbose_name_plural = _("meeting chair approvals")

    def eligible(self, record, excluded):
        chair = getattr(record, "approving_chair", None)
        if chair is not None and chair.is_active and chair.pk not in excluded:
            return get_user_model().objects.filter(pk=chair.pk)
        department = getattr(record, "department", None) if getattr(record, "department_id", None) else None
        if department is None:
            return routing.leadership().exclude(pk__in=excluded)
        return routing.heads_for(department, excluded)

    @classmethod
    def get_description(cls):
        return _(
            "The chair of the meeting agrees, requests changes or disagrees; "
            "the department's heads act when the chair cannot."
        )
