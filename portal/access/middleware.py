from django.contrib.auth import logout
from django.shortcuts import render
from django.utils import timezone

from .models import ExternalVisit
from .services import visits
from .subjects import subject_for


class VisitPeriodMiddleware:
    """An external auditor's account works only while one of their approved
    visits is under way: outside it, every request (signing in included) ends
    the session and explains why, with the visit's dates when there is one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        subject = subject_for(user)
        if not subject.visitor or subject.scopes:
            return self.get_response(request)
        visits.record_outside_period(request, user)
        upcoming = ExternalVisit.objects.filter(
            visitors=user, status=ExternalVisit.Status.APPROVED, ends_at__gt=timezone.now()
        ).first()
        logout(request)
        return render(request, "access/visit_closed.html", {"upcoming": upcoming}, status=403)
