"""A record's admin page (the page editor) shows the buttons of the record's
everyday actions — 审批单, 传阅, 传阅状态 — in its header, beside the
breadcrumbs, instead of in the header's "···" menu where Wagtail puts every
``register_page_header_buttons`` button.

A hook asks for a visible button by yielding :func:`visible` of its button;
the editor's view (:class:`RecordEditView`, on the viewset every page type
uses) shows those in the header and the others in the menu. Elsewhere (the
page listing's header) the button stays as it was given."""

from functools import cached_property

from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets import HeaderButton

EDIT = "edit"


def visible(button, view_name):
    """``button`` shown in the header itself when ``view_name`` is the editor."""
    if view_name != EDIT:
        return button
    return HeaderButton(
        button.label,
        button.url,
        icon_name=button.icon_name,
        attrs={key: value for key, value in button.attrs.items() if key != "type"},
        priority=button.priority,
    )


class RecordEditView(EditView):
    @cached_property
    def _hook_buttons(self):
        return EditView.header_more_buttons.func(self)

    @cached_property
    def header_buttons(self):
        return sorted(button for button in self._hook_buttons if isinstance(button, HeaderButton))

    @cached_property
    def header_more_buttons(self):
        return [button for button in self._hook_buttons if not isinstance(button, HeaderButton)]


class RecordPageViewSet(PageViewSet):
    """Wagtail's viewset for every page type, with :class:`RecordEditView`."""

    edit_view_class = RecordEditView
