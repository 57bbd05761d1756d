from django.core.paginator import Paginator
from django.shortcuts import render

from portal.search.pages import ORDERS, hits, search_pages

FACET_PARAMETERS = ("type", "department", "year")


def search(request):
    """The front-end search box: only pages the reader may open are searched,
    in the query itself, so counts and facets never include the others."""
    query = request.GET.get("q", "").strip()
    filters = {name: request.GET[name] for name in FACET_PARAMETERS if request.GET.get(name, "").isdigit()}
    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "relevance"
    context = {"search_query": query, "filters": filters, "order": order, "orders": ORDERS}
    if query:
        outcome = search_pages(request.user, query, filters, order)
        page_obj = Paginator(outcome.results, 20).get_page(request.GET.get("page"))
        context.update(results=page_obj, hits=hits(page_obj, query), facets=outcome.facets)
    return render(request, "home/search_results.html", context)
