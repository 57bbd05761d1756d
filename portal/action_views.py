"""One admin form that acts on one register record: approve or refuse,
withdraw, revoke… The view parses the form and calls its service; a refusal
the service raises (``ValidationError``) comes back on the form."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin


class RecordActionView(BaseObjectMixin, WagtailAdminTemplateMixin, FormView):
    """Subclasses set ``model``, ``form_class``, ``template_name``,
    ``page_title``, ``success_message``, ``context_object_name`` (the record's
    name in the template) and ``inspect_url_name`` (where to go after acting),
    and say who may act (``may_act``) and what acting does (``act``)."""

    context_object_name = "object"
    inspect_url_name = None
    success_message = None
    error_field = None  # the form field a refusal belongs to; None: the whole form

    def may_act(self):
        raise NotImplementedError

    def act(self, form):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.may_act():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {self.context_object_name: self.object},
            action_url=self.request.path,
            submit_button_label=self.page_title,
        )
        return context

    def form_valid(self, form):
        try:
            self.act(form)
        except ValidationError as error:
            form.add_error(self.error_field, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.inspect_url_name, self.object.pk)
