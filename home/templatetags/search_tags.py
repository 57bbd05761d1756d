from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, key, value=None):
    """The current query string with ``key`` set to ``value`` (removed when
    ``value`` is None); changing anything but the page returns to page one."""
    params = context["request"].GET.copy()
    if key != "page":
        params.pop("page", None)
    if value is None:
        params.pop(key, None)
    else:
        params[key] = value
    return params.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
