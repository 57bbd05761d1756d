from django import template

from ..subjects import subject_for

register = template.Library()


@register.filter
def may_request_access(user):
    """External auditors read their visit's scope and ask for nothing more."""
    return user.is_authenticated and not subject_for(user).visitor


@register.simple_tag
def openable_attachments(record, user):
    """The attachment blocks of ``record`` whose file ``user`` may open: a
    list never names a file its reader is refused."""
    from .. import rules

    return [
        block
        for block in record.attachments
        if block.value.get("document") and rules.can(user, rules.Action.DOWNLOAD, block.value["document"])
    ]
