"""Admin dashboard pieces: a page count that counts only the pages the
reader may see. (What awaits a decider is in 我的待办: ``pending.py``.)"""

from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.models import Page

from .rules import page_filter


class VisiblePagesSummaryItem(PagesSummaryItem):
    """Wagtail's "N pages" on the dashboard, counting only readable pages."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        root = context["root_page"]
        if root is not None:
            pages = Page.objects.descendant_of(root, inclusive=True).exclude(depth=1)
            context["total_pages"] = pages.filter(page_filter(self.request.user)).count()
        return context
