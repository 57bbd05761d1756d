"""Set a person's supervisor (直接上级), for IT and the administration office."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..forms import SupervisorForm
from ..services import supervisors


class SetSupervisorView(WagtailAdminTemplateMixin, FormView):
    form_class = SupervisorForm
    template_name = "accounts/admin/change_action.html"
    page_title = _("Set a supervisor")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not supervisors.may_set_supervisor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        try:
            pk = int(self.request.GET.get("account", ""))
        except ValueError:
            return {}
        account = get_user_model().objects.filter(pk=pk).first()
        return {"account": account, "supervisor": account.supervisor} if account else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action_url=self.request.get_full_path(), submit_button_label=_("Save"))
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            changed = supervisors.set_supervisor(
                data["account"], data["supervisor"], self.request.user, reason=data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if changed:
            messages.success(
                self.request, _("The supervisor of %(name)s has been set.") % {"name": data["account"]}
            )
        return redirect("accounts_supervisor")
