"""The full inbox of pending items (``/inbox/``)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import pending_items


@login_required
def index(request):
    return render(request, "inbox/index.html", {"pending_items": pending_items(request.user)})
