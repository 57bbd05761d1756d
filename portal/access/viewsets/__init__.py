from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from .flags import RefusalFlagViewSet
from .registers import AccessControlledViewSet
from .requests import AccessRequestViewSet
from .visits import ExternalVisitViewSet


class AccessViewSetGroup(ViewSetGroup):
    """The 查阅与授权 menu: requests, visits, repeated refusals."""

    menu_label = _("Access")
    menu_icon = "key"
    menu_order = 850
    items = (AccessRequestViewSet, ExternalVisitViewSet, RefusalFlagViewSet)


__all__ = ["AccessControlledViewSet", "AccessViewSetGroup"]
