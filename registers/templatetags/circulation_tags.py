"""``{% circulation_panel page %}``: on a circulated record, the reader's
instruction, deadline and comment form (阅批意见)."""

from django import template
from wagtail.models import Page

from ..forms.circulation import CommentForm
from ..models import CirculationReceipt

register = template.Library()


@register.inclusion_tag("registers/includes/circulation_panel.html", takes_context=True)
def circulation_panel(context, page):
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(page, Page) or user is None or not user.is_authenticated or context.get("print_layout"):
        return {"receipts": []}
    receipts = CirculationReceipt.objects.filter(circulation__page_id=page.pk, recipient=user).select_related(
        "circulation__sender"
    )
    return {
        "receipts": [(receipt, CommentForm(auto_id=f"id_receipt{receipt.pk}_%s")) for receipt in receipts],
        "next": request.get_full_path(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
