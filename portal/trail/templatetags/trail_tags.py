from django import template

from .. import status
from ..links import can_view_trail

register = template.Library()


@register.inclusion_tag("trail/includes/footer_status.html", takes_context=True)
def trail_footer_status(context):
    """The last verification, in the site's footer, for those who read the trail."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not can_view_trail(user):
        return {"shown": False}
    verification = status.last_verification()
    return {
        "shown": True,
        "verification": verification,
        "result": verification.details if verification else None,
    }
