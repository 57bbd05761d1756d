from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from .. import two_factor
from ..forms import TokenForm
from .signin import safe_next


@never_cache
@login_required
def enrol(request):
    """Step 1 for a user without an authenticator: scan, confirm one code,
    receive backup codes (shown once)."""
    if two_factor.has_device(request.user):
        return redirect(reverse("accounts:verify") + "?" + request.GET.urlencode())
    device = two_factor.pending_totp_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.confirm_enrolment(request, device, form.cleaned_data["token"])
        if result.ok:
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": result.codes, "next": safe_next(request)},
            )
        form.add_error(
            "token",
            _refusal(result)
            or _("That code is not right. Check the time on your phone and try the newest code."),
        )
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_manual_entry(device),
            "next": safe_next(request),
        },
    )


@never_cache
@login_required
def verify(request):
    """Step 2 of every sign-in for a user with an authenticator."""
    if not two_factor.has_device(request.user):
        return redirect(reverse("accounts:enrol") + "?" + request.GET.urlencode())
    if request.user.is_verified():
        return redirect(safe_next(request))
    if two_factor.is_locked_out(request.user):
        return render(request, "accounts/locked_out.html", status=403)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.verify(request, form.cleaned_data["token"])
        if result.ok:
            return redirect(safe_next(request))
        if result.locked:
            return render(request, "accounts/locked_out.html", status=403)
        form.add_error("token", _refusal(result) or _("That code is not right."))
    return render(request, "accounts/verify.html", {"form": form, "next": safe_next(request)})


def _refusal(result):
    """The message for a throttled attempt, or None for a plain wrong code."""
    if not result.wait_seconds:
        return None
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second before trying again.",
        "Too many wrong codes. Wait %(seconds)d seconds before trying again.",
        result.wait_seconds,
    ) % {"seconds": result.wait_seconds}
