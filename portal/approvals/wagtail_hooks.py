"""Where approvals plug into Wagtail and the portal: admin URLs and menu,
the dashboard, page buttons, record history, the inbox, set-up and demo."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.widgets import Button
from wagtail.models import WorkflowState

from portal.access import rules
from portal.access.rules import Action
from portal.history import HistorySection

from . import demo, editor, page_header, queue, reminders, setup, sheet, triggers, views

ACTIONS = {
    "approval.opinion": _("Approval opinion given"),
    "approval.remind": _("Approver reminded"),
}


@hooks.register("register_log_actions")
def register_approval_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_admin_urls")
def register_approval_urls():
    urls = [
        path("sheet/<int:page_id>/", views.approval_sheet, name="sheet"),
        path("queue/", views.AwaitingQueueView.as_view(), name="queue"),
        path("act/<int:task_state_id>/<slug:action>/", views.give_opinion, name="act"),
    ]
    return [path("approvals/", include((urls, "approvals"), namespace="approvals"))]


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return MenuItem(_("Awaiting my approval"), reverse("approvals:queue"), icon_name="tasks", order=150)


@hooks.register("construct_homepage_panels")
def show_awaiting_steps_once(request, panels):
    # Wagtail's own "awaiting your review" panel would list the steps that
    # the dashboard's pending items list already, with their opinions.
    panels[:] = [panel for panel in panels if not isinstance(panel, WorkflowObjectsToModeratePanel)]


def _has_runs(page):
    return WorkflowState.objects.for_instance(page).exists()


@hooks.register("register_page_header_buttons")
def approval_sheet_button(page, user, view_name, next_url=None):
    specific = page.specific_deferred
    if rules.is_controlled(specific) and rules.can(user, Action.PRINT, specific) and _has_runs(page):
        button = Button(
            _("Approval sheet"),
            reverse("approvals:sheet", args=[page.pk]),
            icon_name="clipboard-list",
            priority=85,
            attrs={"target": "_blank", "rel": "noopener"},
        )
        yield page_header.visible(button, view_name)


# After Wagtail's own (order 0): the viewset of every page type, replaced.
@hooks.register("register_admin_viewset", order=100)
def register_record_page_viewset():
    return page_header.RecordPageViewSet()


@hooks.register("liuhen_record_history")
def approvals_history(page, request):
    specific = page.specific_deferred
    if not rules.can(request.user, Action.VIEW, specific):
        return None
    runs = sheet.runs(page)
    if not runs:
        return None
    return HistorySection(
        order=20,
        title=_("Approvals"),
        template="approvals/history.html",
        context={"runs": runs, "sheet_url": reverse("approvals:sheet", args=[page.pk])},
    )


@hooks.register("liuhen_pending_items")
def approvals_pending(user):
    # The step's opinions are given where the item is listed (the home
    # page, the dashboard), as in 待我审批.
    return [step.pending_item(user) for step in queue.awaiting(user)]


@hooks.register("liuhen_setup_portal")
def set_up_approvals():
    return setup.set_up_workflows()


@hooks.register("before_edit_page")
def refuse_opinions_on_closed_steps(request, page):
    return editor.refuse_closed_step(request, page)


@hooks.register("liuhen_periodic")
def remind_waiting_approvers():
    sent = reminders.send_approval_reminders()
    return _("Approval reminders sent: %(count)s.") % {"count": sent} if sent else None


@hooks.register("liuhen_seed_demo")
def seed_approvals_demo(seed):
    demo.seed_demo(seed)


@hooks.register("liuhen_database_guards")
def opinion_guards():
    return triggers.OPINIONS
