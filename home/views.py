from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page


def search(request):
    """The front-end search box."""
    query = request.GET.get("q", "").strip()
    results = Page.objects.live().specific().search(query) if query else Page.objects.none()
    page_obj = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "home/search_results.html", {"search_query": query, "results": page_obj})
