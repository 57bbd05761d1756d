from django.http import Http404
from django.shortcuts import render

from .. import policy, rules
from ..models import AccessRequest
from ..subjects import subject_for
from .requests import request_url


def refusal_response(request, record, action):
    controlled = rules.is_controlled(record)
    if controlled and record.confidentiality in policy.HIDDEN_LEVELS:
        raise Http404
    visitor = subject_for(request.user).visitor
    context = {"record": record, "action": action, "visitor": visitor, "controlled": controlled}
    if controlled and not visitor:
        # Facts without the title, for someone who may ask for access; an
        # external auditor is told nothing about a record outside the visit.
        context["facts"] = True
        context["record_type"] = record._meta.verbose_name
    if controlled:
        context["readers"] = [audience.label for audience in policy.ordered_readers(record.confidentiality)]
        context["pending"] = _pending_request(request.user, record)
        context["request_url"] = None if visitor else request_url(record)
    return render(request, "access/refused.html", context, status=403)


def _pending_request(user, record):
    return AccessRequest.objects.filter(
        requester=user,
        status=AccessRequest.Status.PENDING,
        target_type=rules.grant_type(type(record)),
        target_id=record.pk,
    ).first()
