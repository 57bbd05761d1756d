"""The admin's circulation buttons on a record's page (its header and its
row in the page listing)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import Button

from .models import Circulation
from .services import circulation as service


def circulation_buttons(page, user):
    if service.may_circulate(user, page):
        yield Button(
            gettext_lazy("Circulate"), circulation_url("circulate", page.pk), icon_name="mail", priority=80
        )
    if Circulation.objects.filter(page=page).exists() and service.may_see_status(user, page):
        yield Button(
            gettext_lazy("Circulation status"),
            circulation_url("status", page.pk),
            icon_name="list-ul",
            priority=81,
        )


def circulation_url(name, page_id):
    return reverse(f"circulations:{name}", args=[page_id])


def meeting_buttons(page, user):
    from .services import meetings

    if meetings.may_send_notice(user, page):
        yield Button(
            gettext_lazy("Send meeting notice"),
            reverse("registers:meeting_notice", args=[page.pk]),
            icon_name="mail",
            priority=79,
        )
    if meetings.may_record_paper_sign_in(user, page):
        yield Button(
            gettext_lazy("Record paper sign-in"),
            reverse("registers:meeting_paper_sign_in", args=[page.pk]),
            icon_name="doc-full",
            priority=82,
        )
