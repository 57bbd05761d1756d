"""``{% meeting_followup page %}``: on a meeting page, its 督办 tasks that
the reader may read (state, responsible person, due date, overdue), linked
to the register."""

from django import template
from django.urls import reverse
from wagtail.models import Page

from portal.access import rules
from portal.access.rules import Action

from ..models import FollowUpTask

register = template.Library()


@register.inclusion_tag("registers/includes/meeting_followup.html", takes_context=True)
def meeting_followup(context, page):
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(page, Page) or user is None or not user.is_authenticated:
        return {"tasks": []}
    tasks = (
        FollowUpTask.objects.filter(meeting_id=page.pk)
        .filter(rules.filter_for(user, Action.VIEW, FollowUpTask))
        .select_related("responsible", "responsible_department")
        .order_by("due_on", "pk")
    )
    shown = [(task, reverse("followup:inspect", args=[task.pk])) for task in tasks]
    return {
        "tasks": shown,
        "print_layout": context.get("print_layout"),
        "dashboard_url": reverse("followup:index") + f"?meeting={page.pk}",
    }
