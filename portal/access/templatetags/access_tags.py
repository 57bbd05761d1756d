from django import template

from ..subjects import subject_for

register = template.Library()


@register.filter
def may_request_access(user):
    """External auditors read their visit's scope and ask for nothing more."""
    return user.is_authenticated and not subject_for(user).visitor
