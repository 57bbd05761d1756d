"""Plone-style navigation: global sections, breadcrumbs and the section tree.
Each shows only the pages the reader may open (the access rule)."""

from django import template
from wagtail.models import Page, Site

from portal.access.rules import page_filter

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def global_sections(context, page=None):
    """The top-level sections, each marked when ``page`` lies inside it."""
    request = context["request"]
    root = _site_root(request)
    if root is None:
        return []
    path = getattr(page, "path", None)  # views without a page pass "" or None
    return [
        {"page": section, "current": path is not None and path.startswith(section.path)}
        for section in root.get_children().live().in_menu().filter(page_filter(request.user))
    ]


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    request = context["request"]
    root = _site_root(request)
    if root is None or page is None:
        return []
    return page.get_ancestors(inclusive=True).filter(depth__gte=root.depth).filter(page_filter(request.user))


@register.inclusion_tag("components/section_tree.html", takes_context=True)
def section_tree(context, page):
    """The tree of the top-level section that ``page`` lies in, opened along
    the path to ``page``."""
    request = context["request"]
    root = _site_root(request)
    if root is None or page is None or page.depth <= root.depth:
        return {"nodes": [], "current": page}
    section = page.get_ancestors(inclusive=True).get(depth=root.depth + 1)
    open_ids = set(page.get_ancestors(inclusive=True).values_list("id", flat=True))
    readable = page_filter(request.user)
    if not Page.objects.filter(pk=section.pk).filter(readable).exists():
        return {"nodes": [], "current": page}
    descendants = section.get_descendants().live().filter(depth__lte=page.depth + 1).filter(readable)
    children_by_parent = {}
    for node in descendants:
        parent_path = node.path[: -Page.steplen]
        children_by_parent.setdefault(parent_path, []).append(node)

    def build(node):
        kids = children_by_parent.get(node.path, []) if node.id in open_ids else []
        return {"page": node, "children": [build(kid) for kid in kids], "current": node.id == page.id}

    return {"nodes": [build(section)], "current": page}
