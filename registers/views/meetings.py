"""The front end of a meeting's notice and attendance: the organiser sends
the notice, an attendee answers and signs in, an archivist records the paper
sign-in sheet. Each view parses, asks the service, and says what happened."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Page

from portal.access import enforcement, rules
from portal.access.rules import Action

from ..models import MeetingAttendance
from ..services import meetings as service

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class NoticeForm(forms.Form):
    instruction = forms.CharField(
        label=gettext_lazy("Instruction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reply_by = forms.DateTimeField(
        label=gettext_lazy("Reply by"),
        required=False,
        input_formats=[DATETIME_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        help_text=gettext_lazy("The meeting's start when left empty."),
    )


class PaperSignInForm(forms.Form):
    sheet = forms.FileField(
        label=gettext_lazy("Paper sign-in sheet"),
        error_messages={"required": gettext_lazy("Paper sign-in sheet: upload the scanned sheet.")},
    )
    signed = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Signed"),
        queryset=MeetingAttendance.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Signed: tick at least one person who signed the sheet.")},
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed"].queryset = MeetingAttendance.objects.filter(
            page=page, checked_in_at=None
        ).select_related("attendee")
        self.fields["signed"].label_from_instance = lambda row: str(row.attendee)


def _meeting(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not service.is_meeting(page):
        raise PermissionDenied
    return page


def _back(request, page):
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = (page.get_url(request) or "/") + "#meeting-attendance"
    return redirect(back)


def _errors(error):
    return " ".join(error.messages)


@login_required
def notice(request, page_id):
    page = _meeting(request, page_id)
    if not service.may_send_notice(request.user, page):
        raise PermissionDenied
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = service.send_notice(
                page,
                request.user,
                instruction=form.cleaned_data["instruction"],
                reply_by=form.cleaned_data["reply_by"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The meeting notice has been sent to %(count)s people.") % {"count": sent.receipts.count()},
            )
            return redirect((page.get_url(request) or "/") + "#meeting-attendance")
    return render(
        request,
        "registers/meeting_notice.html",
        {"meeting": page, "form": form, "recipients": page.named_people(), "starts_at": page.starts_at},
    )


@login_required
@require_POST
def respond(request, pk):
    attendance = get_object_or_404(
        MeetingAttendance.objects.select_related("page"), pk=pk, attendee=request.user
    )
    page = attendance.page.specific
    if not rules.can(request.user, Action.VIEW, page):
        return enforcement.guard(request, page, Action.VIEW)
    delegate = None
    if request.POST.get("delegate"):
        delegate = (
            get_user_model().objects.filter(pk=request.POST["delegate"]).first()
            if request.POST["delegate"].isdigit()
            else None
        )
    try:
        service.respond(
            attendance,
            request.user,
            request.POST.get("response", ""),
            delegate=delegate,
            reason=request.POST.get("reason", ""),
            request=request,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Your answer to the meeting notice has been recorded."))
    return _back(request, page)


@login_required
@require_POST
def check_in(request, pk):
    attendance = get_object_or_404(MeetingAttendance.objects.select_related("page"), pk=pk)
    page = attendance.page.specific
    if not rules.can(request.user, Action.VIEW, page):
        return enforcement.guard(request, page, Action.VIEW)
    if request.user.pk not in (attendance.attendee_id, attendance.delegate_id):
        raise PermissionDenied
    try:
        service.check_in(attendance, request.user, request=request)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("Signed in at %(time)s.") % {"time": timezone.localtime(timezone.now()).strftime("%H:%M")},
        )
    return _back(request, page)


@login_required
def paper_sign_in(request, page_id):
    page = _meeting(request, page_id)
    if not service.may_record_paper_sign_in(request.user, page):
        raise PermissionDenied
    form = PaperSignInForm(request.POST or None, request.FILES or None, page=page)
    if request.method == "POST" and form.is_valid():
        try:
            service.record_paper_sign_in(
                page,
                request.user,
                sheet=form.cleaned_data["sheet"],
                signed=form.cleaned_data["signed"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The paper sign-in of %(count)s people has been recorded.")
                % {"count": len(form.cleaned_data["signed"])},
            )
            return redirect((page.get_url(request) or "/") + "#meeting-attendance")
    return render(request, "registers/meeting_paper_sign_in.html", {"meeting": page, "form": form})
