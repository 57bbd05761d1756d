"""The follow-up task actions in the admin: each a form calling its service
(:mod:`registers.services.followup`), offered only to whoever may take it."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from portal.action_views import RecordActionView

from ..forms import followup as forms
from ..models import FollowUpTask
from ..services import followup as service

State = FollowUpTask.State


def available(user, task):
    """``[(name, label)]``: the actions ``user`` may take on ``task`` now."""
    found = []
    if service.is_responsible(user, task):
        if task.state == State.TODO:
            found.append(("start", _("Start")))
        if task.is_open:
            found.append(("progress", _("Report progress")))
        if task.state in (State.TODO, State.IN_PROGRESS, State.EXTENDED):
            found.append(("extension", _("Ask for an extension")))
            found.append(("complete", _("Report done")))
    if task.state == State.EXTENSION_REQUESTED and service.is_chair(user, task):
        found.append(("decide_extension", _("Decide on the extension")))
    if task.state == State.COMPLETED and service.is_organiser(user, task):
        found.append(("close", _("Check and close")))
        found.append(("reopen", _("Reopen")))
    return found


class FollowUpActionView(RecordActionView):
    model = FollowUpTask
    template_name = "registers/admin/followup_action.html"
    context_object_name = "task"
    inspect_url_name = "followup:inspect"
    header_icon = "tasks"
    success_message = _("Recorded.")
    action = None

    def may_act(self):
        return any(name == self.action for name, _label in available(self.request.user, self.object))

    def form_valid(self, form):
        response = super().form_valid(form)
        target = self.request.POST.get("next", "")
        if response.status_code == 302 and url_has_allowed_host_and_scheme(
            target, {self.request.get_host()}, self.request.is_secure()
        ):
            return redirect(target)
        return response


class StartView(FollowUpActionView):
    action = "start"
    form_class = forms.StartForm
    page_title = _("Start")

    def act(self, form):
        service.start(self.object, self.request.user, request=self.request)


class ProgressView(FollowUpActionView):
    action = "progress"
    form_class = forms.ProgressForm
    page_title = _("Report progress")
    error_field = "percent_done"

    def act(self, form):
        service.report_progress(self.object, self.request.user, request=self.request, **form.cleaned_data)


class ExtensionView(FollowUpActionView):
    action = "extension"
    form_class = forms.ExtensionForm
    page_title = _("Ask for an extension")
    error_field = "new_due_on"

    def act(self, form):
        service.request_extension(self.object, self.request.user, request=self.request, **form.cleaned_data)


class DecideExtensionView(FollowUpActionView):
    action = "decide_extension"
    form_class = forms.DecideExtensionForm
    page_title = _("Decide on the extension")

    def get_context_data(self, **kwargs):
        return super().get_context_data(extension=self.object.waiting_extension(), **kwargs)

    def act(self, form):
        service.decide_extension(
            self.object,
            self.request.user,
            approve=form.approve,
            opinion=form.cleaned_data["opinion"],
            request=self.request,
        )


class CompleteView(FollowUpActionView):
    action = "complete"
    form_class = forms.CompleteForm
    page_title = _("Report done")

    def act(self, form):
        service.complete(self.object, self.request.user, note=form.cleaned_data["note"], request=self.request)


class CloseView(FollowUpActionView):
    action = "close"
    form_class = forms.CloseForm
    page_title = _("Check and close")

    def act(self, form):
        service.close(
            self.object, self.request.user, opinion=form.cleaned_data["opinion"], request=self.request
        )


class ReopenView(FollowUpActionView):
    action = "reopen"
    form_class = forms.ReopenForm
    page_title = _("Reopen")

    def act(self, form):
        service.reopen(
            self.object, self.request.user, opinion=form.cleaned_data["opinion"], request=self.request
        )


VIEWS = {
    view.action: view
    for view in (
        StartView,
        ProgressView,
        ExtensionView,
        DecideExtensionView,
        CompleteView,
        CloseView,
        ReopenView,
    )
}
