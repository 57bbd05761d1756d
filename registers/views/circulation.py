"""Circulation in the admin: circulate a record, the status table of a
record's circulations, the printable slip and the archivist's form for the
slip's signatures. Each view asks the service whether the user may act."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from portal.access import enforcement, printing, rules
from portal.access.rules import Action

from ..forms.circulation import CirculateForm, PaperSignatureForm
from ..models import Circulation, CirculationReceipt
from ..services import circulation as service


def status_url(page):
    return reverse("circulations:status", args=[page.pk])


class PageMixin:
    """Views about one record (a page), named in the address."""

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not self.may_act():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)


class CirculateView(PageMixin, WagtailAdminTemplateMixin, FormView):
    form_class = CirculateForm
    template_name = "registers/admin/circulate.html"
    page_title = gettext_lazy("Circulate")
    header_icon = "mail"

    def may_act(self):
        return service.may_circulate(self.request.user, self.page)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path, submit_button_label=_("Circulate"), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            circulation = service.circulate(
                self.page,
                self.request.user,
                recipients=data["recipients"],
                kind=data["kind"],
                instruction=data["instruction"],
                deadline=data["deadline"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(title)s has been circulated to %(count)s people.")
            % {"title": self.page.title, "count": circulation.receipts.count()},
        )
        return redirect(status_url(self.page))


class ChooseRecordView(WagtailAdminTemplateMixin, TemplateView):
    """Start a circulation: pick the record, then fill in the circulation form."""

    template_name = "registers/admin/choose_record.html"
    page_title = gettext_lazy("Circulate a record")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("circulations:index"), "label": gettext_lazy("Circulation")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        return super().get_context_data(
            query=query, records=service.records_to_circulate(self.request.user, query), **kwargs
        )


class StatusView(PageMixin, WagtailAdminTemplateMixin, TemplateView):
    """Sent at, sender, recipient, department, read at, comment and paper
    signature of every circulation of one record; unread past the deadline
    stands out."""

    template_name = "registers/admin/status.html"
    page_title = gettext_lazy("Circulation status")
    header_icon = "list-ul"

    def may_act(self):
        return service.may_see_status(self.request.user, self.page)

    def get_context_data(self, **kwargs):
        circulations = Circulation.objects.filter(page=self.page).select_related("sender")
        receipts = CirculationReceipt.objects.filter(circulation__page=self.page).select_related(
            "circulation", "circulation__sender", "recipient__department", "paper_recorded_by"
        )
        by_circulation = {}
        for receipt in receipts:
            by_circulation.setdefault(receipt.circulation_id, []).append(receipt)
        rows = [(c, by_circulation.get(c.pk, [])) for c in circulations]
        return super().get_context_data(
            circulations=rows,
            may_circulate=service.may_circulate(self.request.user, self.page),
            may_sign=service.may_record_paper_signature(self.request.user, self.page),
            **kwargs,
        )


def slip(request, pk):
    """The paper circulation slip (文件传阅单), A4."""
    circulation = get_object_or_404(Circulation.objects.select_related("sender", "page"), pk=pk)
    page = circulation.page.specific
    if not service.may_see_status(request.user, page):
        raise PermissionDenied
    if not rules.can(request.user, Action.PRINT, page):
        return enforcement.guard(request, page, Action.PRINT)  # records the refusal and answers it
    service.record_slip_printed(request, circulation)
    receipts = circulation.receipts.select_related("recipient__department")
    return render(
        request,
        "registers/circulation_slip.html",
        {"circulation": circulation, "receipts": receipts, "marking": printing.marking(circulation)},
    )


class PaperSignatureView(WagtailAdminTemplateMixin, FormView):
    form_class = PaperSignatureForm
    template_name = "registers/admin/paper_signature.html"
    page_title = gettext_lazy("Record paper signature")
    header_icon = "edit"

    def dispatch(self, request, *args, **kwargs):
        self.receipt = get_object_or_404(
            CirculationReceipt.objects.select_related("circulation", "recipient"), pk=kwargs["pk"]
        )
        if not service.may_record_paper_signature(request.user, self.receipt.circulation.page):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.receipt)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "receipt": self.receipt}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            receipt=self.receipt, action_url=self.request.path, submit_button_label=_("Save"), **kwargs
        )

    def form_valid(self, form):
        try:
            service.record_paper_signature(
                self.receipt,
                self.request.user,
                signed_by=form.cleaned_data["signed_by"],
                signed_on=form.cleaned_data["signed_on"],
                request=self.request,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The paper signature has been recorded."))
        return redirect(status_url(self.receipt.circulation.page))
