from wagtail import hooks

from portal.access.viewsets import AccessControlledViewSet

from .models import Memo


class MemoViewSet(AccessControlledViewSet):
    model = Memo
    icon = "doc-full"
    url_prefix = "memos"
    name = "memos"
    add_to_admin_menu = True
    form_fields = ["title", "body", "department", "confidentiality", "participants", "author"]
    list_display = ["title", "department", "confidentiality"]
    list_export = ["title", "department", "confidentiality", "body"]
    inspect_view_fields = ["title", "body", "department", "confidentiality", "author"]


@hooks.register("register_admin_viewset")
def register_memo_viewset():
    return MemoViewSet()


@hooks.register("liuhen_search_models")
def search_memos():
    return [Memo]
