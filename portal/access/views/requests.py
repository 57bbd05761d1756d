"""The front end of ACC-1: ask for access (申请查阅) and follow one's requests."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.models import Page

from .. import masking, policy, rules
from ..forms.requests import AccessRequestForm
from ..models import AccessRequest
from ..services import grants
from ..subjects import subject_for


def request_url(record):
    """The address of the request form for ``record``."""
    query = urlencode({"type": rules.grant_type(type(record)).pk, "id": record.pk})
    return f"{reverse('access:request')}?{query}"


def resolve_record(type_id, object_id):
    """The record a request form names (its specific page for pages)."""
    try:
        content_type = ContentType.objects.get_for_id(int(type_id))
        record = content_type.get_object_for_this_type(pk=int(object_id))
    except (ValueError, TypeError, ObjectDoesNotExist):
        return None
    return record.specific if isinstance(record, Page) else record


def _record_from(request):
    if "type" not in request.GET:
        return None
    record = resolve_record(request.GET.get("type"), request.GET.get("id"))
    # Asking about a record must not reveal what the refusal page would hide.
    if record is None or not rules.is_controlled(record) or record.confidentiality in policy.HIDDEN_LEVELS:
        raise Http404
    return record


def request_access(request):
    if subject_for(request.user).visitor:
        raise Http404  # external auditors read their visit's scope, nothing else
    record = _record_from(request)
    may_read = record is not None and rules.can(request.user, rules.Action.VIEW, record)
    if may_read:
        messages.info(request, _("You may already open this record."))
    form = AccessRequestForm(request.POST or None, record=record)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grants.request_access(
                request.user,
                reason=data["reason"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                record=record,
                department=data.get("department"),
                max_level=data.get("max_level"),
            )
        except grants.DuplicateRequest as error:
            form.add_error(None, error)
            existing = error.existing
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your access request has been sent for approval."))
            return redirect("access:my_requests")
    context = {"form": form, "record": record, "may_read": may_read, "existing_request": existing}
    if record is not None:
        context["record_type"] = record._meta.verbose_name
    return render(request, "access/request_form.html", context)


def my_requests(request):
    if subject_for(request.user).visitor:
        raise Http404
    requests = AccessRequest.objects.filter(requester=request.user).select_related(
        "department", "decided_by", "target_type"
    )
    requests = masking.mask_requests(request.user, list(requests))
    return render(request, "access/my_requests.html", {"access_requests": requests})
