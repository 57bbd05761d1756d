from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

from portal.access.rules import Action, page_filter


def search(request):
    """The front-end search box. Only pages the user may open are searched
    (the filter is part of the query, so counts and pages never include the
    others)."""
    query = request.GET.get("q", "").strip()
    readable = Page.objects.live().filter(page_filter(request.user, Action.SEARCH))
    results = readable.specific().search(query) if query else Page.objects.none()
    page_obj = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "home/search_results.html", {"search_query": query, "results": page_obj})
