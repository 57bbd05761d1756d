from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page, Site

from .models import HomePage


@hooks.register("liuhen_setup_portal")
def ensure_home_page():
    """Make a HomePage the root of the default site, replacing Wagtail's
    untouched placeholder "Welcome" page."""
    if HomePage.objects.exists():
        return None
    root = Page.get_first_root_node()
    placeholders = [p for p in root.get_children() if p.specific_class is Page and p.is_leaf()]
    home = root.add_child(instance=HomePage(title=_("Liuhen records portal"), slug="portal-home"))
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True
    )
    site.root_page = home
    site.site_name = _("Liuhen")
    site.save()
    for placeholder in placeholders:
        placeholder.delete()
    home.slug = "home"
    home.save_revision().publish()
    return _("Created the home page.")
