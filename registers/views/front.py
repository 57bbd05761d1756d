"""The front end: a recipient's comment on a circulated record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import enforcement, rules
from portal.access.rules import Action

from ..forms.circulation import CommentForm
from ..models import CirculationReceipt
from ..services import circulation as service


@login_required
@require_POST
def comment(request, pk):
    receipt = get_object_or_404(
        CirculationReceipt.objects.select_related("circulation__page"), pk=pk, recipient=request.user
    )
    page = receipt.circulation.page.specific
    if not rules.can(request.user, Action.VIEW, page):
        return enforcement.guard(request, page, Action.VIEW)  # records the refusal and answers it
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            service.add_comment(receipt, request.user, form.cleaned_data["comment"], request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your comment has been recorded."))
    else:
        messages.error(request, _("Your comment was not saved: %(errors)s") % {"errors": _errors(form)})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = page.get_url(request)
    return redirect(back)


def _errors(form):
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
