from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from portal.access import enforcement
from portal.access.rules import Action
from portal.history import history_sections
from portal.http import LARGEST_NUMBER, number_or_none
from portal.search.pages import ORDERS
from portal.search.site import hits, search_site

from .models import ProjectPage, TrainingPage
from .services import dossier as project_dossier
from .services import manual as user_manual
from .services import training

# Facets and the largest value each may take.
FACET_PARAMETERS = {"type": LARGEST_NUMBER, "department": LARGEST_NUMBER, "year": 9999}


def search(request):
    """The front-end search box: only pages, files and register rows the
    reader may open are searched, in the query itself, so counts and facets
    never include the others."""
    query = request.GET.get("q", "").strip()
    filters = {
        name: request.GET[name]
        for name, largest in FACET_PARAMETERS.items()
        if number_or_none(request.GET.get(name), largest) is not None
    }
    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "relevance"
    context = {"search_query": query, "filters": filters, "order": order, "orders": ORDERS}
    if query:
        outcome = search_site(request.user, query, filters, order)
        page_obj = Paginator(outcome.results, 20).get_page(request.GET.get("page"))
        context.update(results=page_obj, hits=hits(page_obj, query, request), facets=outcome.facets)
    return render(request, "home/search_results.html", context)


def _readable_page(request, page_id, model=Page):
    """The specific page, or the refusal to send instead. A draft is shown
    only to those who may edit it."""
    page = get_object_or_404(model, pk=page_id, depth__gt=1).specific
    if not page.live and not page.permissions_for_user(request.user).can_edit():
        raise Http404
    return page, enforcement.guard(request, page, Action.VIEW)


def history(request, page_id):
    """The record's history tab (revisions, approvals, circulation, trail)."""
    page, refusal = _readable_page(request, page_id)
    if refusal is not None:
        return refusal
    context = {"page": page, "record": page, "sections": history_sections(page, request)}
    return render(request, "home/history.html", context)


@require_POST
def confirm_training(request, page_id):
    page, refusal = _readable_page(request, page_id, TrainingPage)
    if refusal is not None:
        return refusal
    try:
        training.confirm(page, request.user, request=request)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(page.url)
    messages.success(request, _("Your read confirmation has been recorded."))
    return redirect(page.url)


def training_report(request, page_id):
    page, refusal = _readable_page(request, page_id, TrainingPage)
    if refusal is not None:
        return refusal
    if not training.may_see_report(request.user, page):
        raise PermissionDenied
    rows, counts = training.report(page)
    return render(request, "home/training_report.html", {"page": page, "rows": rows, "counts": counts})


def dossier(request, page_id):
    """The project's dossier (项目档案): initiation, approvals, documents,
    the other apps' sections and the trail events the reader may see."""
    page, refusal = _readable_page(request, page_id, ProjectPage)
    if refusal is not None:
        return refusal
    context = {
        "page": page,
        "dossier": project_dossier.gather(page, request.user),
        "initiation": project_dossier.page_fields(page),
        "inline_rows": project_dossier.child_rows(page),
        "may_export": project_dossier.may_export_dossier(request.user, page),
    }
    return render(request, "home/project_dossier.html", context)


def dossier_zip(request, page_id):
    """The dossier as a ZIP (an export: one trail event)."""
    page, refusal = _readable_page(request, page_id, ProjectPage)
    if refusal is not None:
        return refusal
    content = project_dossier.export(page, request)
    response = HttpResponse(content, content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = content_disposition_header(True, f"{page.slug}-dossier-{stamp}.zip")
    return response


def manual(request):
    """/help/: the user manual's page for the reader's role, in their script."""
    page = user_manual.page_for(request.user, request.LANGUAGE_CODE)
    if page is None:
        raise Http404
    return redirect(page.url)


def manual_image(request, name):
    """A screenshot of the manual (every signed-in user reads the manual)."""
    path = user_manual.image_path(name)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
