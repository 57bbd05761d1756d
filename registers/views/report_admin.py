"""The daily report's thread in the admin: the supervisor's annotation and
the author's reply, each a form calling its service; and a person's or a
department's work reports of a period on A4."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from portal import trail
from portal.access import printing, rules
from portal.access.rules import Action
from portal.action_views import RecordActionView

from ..charts import figures_chart
from ..forms.reports import ThreadForm
from ..models import DailyReport
from ..services import reports as service


class ThreadActionView(RecordActionView):
    model = DailyReport
    form_class = ThreadForm
    template_name = "wagtailadmin/generic/form.html"
    context_object_name = "report"
    inspect_url_name = "daily_reports:inspect"
    header_icon = "comment"
    success_message = _("Recorded.")
    error_field = "text"

    def form_valid(self, form):
        try:
            self.act(form)
        except ValidationError as error:  # the service names its field: "text"
            form.add_error("text", error.message_dict.get("text", error.messages))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.inspect_url_name, self.object.pk)


class AnnotateView(ThreadActionView):
    page_title = _("Annotate")

    def may_act(self):
        return service.may_annotate(self.request.user, self.object)

    def act(self, form):
        service.annotate(self.object, self.request.user, form.cleaned_data["text"])


class ReplyView(ThreadActionView):
    page_title = _("Reply")

    def may_act(self):
        return self.request.user.pk == self.object.author_id

    def act(self, form):
        service.reply(self.object, self.request.user, form.cleaned_data["text"])


def print_period(request, reports, *, title, start, end, texts, sign_off=(), sign_off_label=None):
    """``reports`` (those of them the user may print) on A4, one after
    another: each its ``texts`` (``(field, label)``), who signed or
    annotated it and when (``sign_off``: the two fields), its key figures
    and their chart beside the text."""
    reports = list(reports.filter(rules.filter_for(request.user, Action.PRINT, reports.model)))
    trail.record(
        "print",
        request=request,
        details={
            "action": str(Action.PRINT),
            "path": request.get_full_path()[:500],
            "records": [report.pk for report in reports],
        },
    )
    sheets = []
    for report in reports:
        figures = report.key_figures
        who, when = (getattr(report, name) for name in sign_off) if sign_off else (None, None)
        sheets.append(
            {
                "report": report,
                "texts": [(label, getattr(report, name)) for name, label in texts],
                "signed_by": who,
                "signed_at": when,
                "figures": figures,
                "chart": figures_chart(figures, str(report)),
            }
        )
    return render(
        request,
        "registers/work_reports_print.html",
        {
            "title": title,
            "sheets": sheets,
            "sign_off_label": sign_off_label,
            "start": start,
            "end": end,
            "marking": printing.marking(reports[0]) if reports else None,
        },
    )
