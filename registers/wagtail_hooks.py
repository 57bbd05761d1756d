"""Where the registers plug into Wagtail and the portal: the admin menu and
page buttons, page serving (read receipts), the inbox, the dashboard, the
record history, periodic jobs and the demo."""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button

from portal.access import rules
from portal.access.rules import Action
from portal.history import HistorySection
from portal.inbox import PendingItem
from portal.inbox.panels import PendingItemsPanel

from . import demo
from .actions import ACTIONS
from .models import Circulation, CirculationReceipt
from .services import circulation as service
from .viewsets import CirculationViewSet


@hooks.register("register_admin_viewset")
def register_circulation_viewset():
    return CirculationViewSet()


@hooks.register("register_log_actions")
def register_circulation_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


# Runs after the access check (order 0): a refused reader never gets here,
# and the rule is asked again so that a read is recorded only for a reader.
@hooks.register("before_serve_page", order=100)
def record_circulation_read(page, request, serve_args, serve_kwargs):
    if request.method == "GET" and rules.can(request.user, Action.VIEW, page.specific):
        service.record_read(page, request.user, request=request)


def _circulation_buttons(page, user):
    if service.may_circulate(user, page):
        yield Button(gettext_lazy("Circulate"), _url("circulate", page.pk), icon_name="mail", priority=80)
    if Circulation.objects.filter(page=page).exists() and service.may_see_status(user, page):
        yield Button(
            gettext_lazy("Circulation status"), _url("status", page.pk), icon_name="list-ul", priority=81
        )


def _url(name, page_id):
    return reverse(f"circulations:{name}", args=[page_id])


@hooks.register("register_page_header_buttons")
def page_header_circulation_buttons(page, user, view_name, next_url=None):
    yield from _circulation_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def page_listing_circulation_buttons(page, user, next_url=None):
    yield from _circulation_buttons(page, user)


@hooks.register("liuhen_pending_items")
def circulated_records_to_read(user):
    receipts = CirculationReceipt.objects.filter(recipient=user, read_at=None).select_related(
        "circulation__page", "circulation__sender"
    )
    items = []
    for receipt in receipts:
        circulation = receipt.circulation
        page = circulation.page.specific
        if not rules.can(user, Action.VIEW, page):
            continue
        detail = _("%(kind)s from %(sender)s") % {
            "kind": circulation.get_kind_display(),
            "sender": circulation.sender,
        }
        if circulation.instruction:
            detail += ": " + Truncator(circulation.instruction).chars(60)
        items.append(
            PendingItem(
                kind=PendingItem.READ,
                title=circulation.title,
                url=page.get_url() or "",
                since=circulation.created_at,
                due=circulation.deadline,
                detail=detail,
            )
        )
    return items


@hooks.register("construct_homepage_panels")
def show_pending_items(request, panels):
    panels.append(PendingItemsPanel(request.user))


@hooks.register("liuhen_record_history")
def circulation_history(page, request):
    if not Circulation.objects.filter(page=page).exists() or not service.may_see_status(request.user, page):
        return None
    receipts = CirculationReceipt.objects.filter(circulation__page=page).select_related(
        "circulation__sender", "recipient__department", "paper_recorded_by"
    )
    rows = {}
    for receipt in receipts:
        rows.setdefault(receipt.circulation, []).append(receipt)
    return HistorySection(
        order=30,
        title=gettext_lazy("Circulation"),
        template="registers/history/circulation.html",
        context={"circulations": list(rows.items()), "status_url": _url("status", page.pk)},
    )


@hooks.register("liuhen_periodic")
def remind_unread_circulations():
    sent = service.send_reminders()
    return _("Circulation reminders sent: %(count)s.") % {"count": sent} if sent else None


@hooks.register("liuhen_seed_demo")
def seed_circulation_demo(seed):
    demo.seed_demo(seed)


@hooks.register("liuhen_reset_demo")
def reset_circulation_demo(usernames, department_codes):
    circulations = Circulation.objects.filter(sender__username__in=usernames) | Circulation.objects.filter(
        department__code__in=department_codes
    )
    CirculationReceipt.objects.filter(circulation__in=circulations.values("pk")).delete()
    Circulation.objects.filter(pk__in=circulations.values("pk")).delete()
