"""The author's own report of a period on the front end, made for a phone
(375 px, no admin): keep a draft, copy the previous period's plan, submit
with one tap; after submission the same form edits it (a new version)
while the report may still change. What is typed is kept in the browser
while typing and saved as a draft when the phone leaves the page
(``registers/report_form.js``).

Daily, weekly and monthly reports are one view with their differences
declared: the period and its query parameter, the form, the service, what
"copy" copies."""

import datetime
import hashlib
import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View


class PhoneReportView(LoginRequiredMixin, View):
    model = None  # DailyReport, WeeklyReport, MonthlyReport
    period_field = ""  # the model's period field: "date", "week", "month"
    form_class = None
    service = None  # the module with save_draft(author, period, ...), submit, edit
    url_name = ""
    title = ""
    copy_label = ""  # the button that copies the previous period's plan
    copy_into = ""  # the field the previous plan is copied into
    copy_missing = ""  # the refusal when there is nothing to copy
    template_name = "registers/report_form.html"
    order = 0  # where the page is among the report forms

    # --- The period --------------------------------------------------------

    def period_of(self, day):
        """The period (its first day) that ``day`` falls in."""
        return day

    def period(self, request):
        from .. import calendar

        try:
            day = datetime.date.fromisoformat(request.GET.get(self.period_field, ""))
        except ValueError:
            day = calendar.today()
        return self.period_of(day)

    def url(self, period):
        return f"{reverse(self.url_name)}?{self.period_field}={period.isoformat()}"

    def heading(self, period):
        """This day's, week's or month's report; another period's names it."""
        from .. import calendar

        if period == self.period_of(calendar.today()):
            return self.title
        return _("%(kind)s of %(period)s") % {
            "kind": self.model._meta.verbose_name,
            "period": self.period_label(period),
        }

    def period_label(self, period):
        return period.isoformat()

    def period_context(self, period, report):
        """What the page says of the period: its deadline and kind."""
        return {}

    # --- The form ----------------------------------------------------------

    @property
    def text_fields(self):
        return self.service.TEXT_FIELDS

    def initial(self, report):
        return {name: getattr(report, name) for name in self.form_class.base_fields} if report else {}

    def forms(self, data, report, initial=None, extra=0):
        """The forms of the page, the report's own first (``extra``: rows
        to add where the report has rows)."""
        return [self.form_class(data, initial=self.initial(report) if initial is None else initial)]

    def values(self, forms):
        """What the forms hold, as the service's keyword arguments."""
        return {name: forms[0].cleaned_data[name] for name in forms[0].fields}

    def edit_values(self, values):
        return values

    def may_change(self, report):
        """Whether the author may still change a submitted report."""
        return True

    def previous(self, author, period):
        """The author's latest submitted report before ``period``."""
        return (
            self.model.objects.filter(
                author=author, submitted_at__isnull=False, **{f"{self.period_field}__lt": period}
            )
            .order_by(f"-{self.period_field}")
            .first()
        )

    def copy_previous(self, values, previous):
        """``values`` with the previous report's plan added to :attr:`copy_into`."""
        if not previous or not previous.plan:
            raise ValidationError({self.copy_into: self.copy_missing})
        values[self.copy_into] = "\n".join(filter(None, (values[self.copy_into], previous.plan)))
        return values

    # --- The request -------------------------------------------------------

    def report(self, request, period):
        return self.model.objects.filter(author=request.user, **{self.period_field: period}).first()

    def get(self, request):
        period = self.period(request)
        report = self.report(request, period)
        return self.render(request, self.forms(None, report), report, period)

    def post(self, request):
        period = self.period(request)
        report = self.report(request, period)
        forms = self.forms(request.POST, report)
        if not all(form.is_valid() for form in forms):
            return self.render(request, forms, report, period)
        values = self.values(forms)
        submitted = report is not None and report.state != self.model.State.DRAFT
        try:
            if "copy_plan" in request.POST:
                values = self.copy_previous(values, self.previous(request.user, period))
                return self.render(request, self.forms(None, report, initial=values), report, period)
            if "add_row" in request.POST:
                return self.render(request, self.forms(None, report, initial=values, extra=1), report, period)
            if submitted:
                if not self.may_change(report):
                    raise ValidationError(_("This report can no longer change."))
                self.service.edit(report, request.user, **self.edit_values(values))
                messages.success(request, _("Your report has been changed."))
            elif "submit" in request.POST:
                self.service.submit(request.user, period, **values)
                messages.success(request, _("Your report has been submitted."))
            else:
                report = self.service.save_draft(request.user, period, **values)
                if request.headers.get(KEPT_WHILE_TYPING):
                    return JsonResponse({"base": self.draft_base(report)})
                messages.success(request, _("Your draft has been kept."))
        except (ValidationError, PermissionDenied) as error:
            if request.headers.get(KEPT_WHILE_TYPING):
                return JsonResponse({"errors": getattr(error, "messages", [str(error)])}, status=400)
            self.add_error(forms, error)
            return self.render(request, forms, report, period)
        return redirect(self.url(period))

    def draft_base(self, report):
        """A token of what the server holds of ``report``: what the browser
        keeps while typing is brought back only over the same."""
        held = json.dumps(self.initial(report), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(held.encode()).hexdigest()[:16]

    def add_error(self, forms, error):
        if isinstance(error, PermissionDenied):
            error = ValidationError(str(error) or _("You may not change this report."))
        forms[0].add_service_error(error)

    def context(self, forms, report, period):
        return {"form": forms[0]}

    def render(self, request, forms, report, period):
        submitted = report is not None and report.state != self.model.State.DRAFT
        return render(
            request,
            self.template_name,
            {
                "view": self,
                "report": report,
                "period": period,
                "submitted": submitted,
                "read_only": submitted and not self.may_change(report),
                "draft_base": self.draft_base(report),
                "heading": self.heading(period),
                "others": [
                    (view.title, reverse(view.url_name))
                    for view in sorted(PHONE_VIEWS, key=lambda view: view.order)
                    if view is not type(self)
                ],
                "period_label": self.period_label(period),
                **self.period_context(period, report),
                **self.context(forms, report, period),
            },
        )


# The header of the draft the page saves by itself when the phone leaves it.
KEPT_WHILE_TYPING = "X-Liuhen-Draft"
PHONE_VIEWS = []


def phone_view(cls):
    """Register ``cls`` among the report forms the pages link to each other."""
    PHONE_VIEWS.append(cls)
    return cls
