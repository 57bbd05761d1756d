"""``{% project_plan page %}``: on a project's page, its timeline and the
way to its plan and the plan's history."""

from django import template
from wagtail.models import Page

from ..services import projects as service

register = template.Library()


@register.inclusion_tag("registers/includes/project_plan.html", takes_context=True)
def project_plan(context, page):
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(page, Page) or user is None or not user.is_authenticated or not page.pk:
        return {"show": False}
    if not page.live or not service.may_read(user, page):
        return {"show": False}
    return {"show": True, "project": page, "timeline": service.timeline_svg(page)}
