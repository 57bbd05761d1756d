"""A record's history tab gathers sections from every app that knows
something about the record — revisions, approvals, circulation, trail events
— through the ``liuhen_record_history`` hook, so that page types never import
the apps that add to their history.

A hook function takes ``(page, request)`` and returns a ``HistorySection`` or
None (nothing to show, or the reader may not see it)::

    @hooks.register("liuhen_record_history")
    def approvals(page, request):
        return HistorySection(order=20, title=_("Approvals"),
                              template="approvals/history.html", context={...})
"""

from dataclasses import dataclass, field

from wagtail import hooks


@dataclass
class HistorySection:
    order: int
    title: str
    template: str
    context: dict = field(default_factory=dict)


def history_sections(page, request):
    sections = (hook(page, request) for hook in hooks.get_hooks("liuhen_record_history"))
    return sorted((s for s in sections if s is not None), key=lambda s: s.order)
