from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.models import Page, Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.access import rules
from portal.access.rules import Action
from portal.accounts.roles import Role
from portal.approvals import page_header

from . import history, workbench
from .models import DocumentNumberRule, HomePage, ProjectPage, TrainingPage
from .services import manual, training

ACTIONS = {
    "document.number": gettext_lazy("Document number assigned"),
    "manual.seed": gettext_lazy("User manual set up"),
    "project.close": gettext_lazy("Project closed"),
    "training.confirm": gettext_lazy("Read confirmation"),
    "training.remind": gettext_lazy("Training audience reminded"),
}


@hooks.register("register_log_actions")
def register_home_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


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


@hooks.register("liuhen_setup_portal")
def seed_user_manual():
    """The user manual (after the home page it lives under)."""
    changed = manual.seed()
    return _("User manual pages created or refreshed: %(count)s.") % {"count": changed} if changed else None


# Wagtail's help menu points to its own guide, on the internet and in
# English: the portal's users get their manual instead.
def _wagtails_own_help(item):
    return item.name == "editor-guide" or item.name.startswith("whats-new-in-wagtail")


@hooks.register("construct_help_menu")
def help_menu_shows_the_user_manual(request, menu_items):
    menu_items[:] = [item for item in menu_items if not _wagtails_own_help(item)]
    menu_items.insert(
        0, MenuItem(_("User manual"), reverse("help"), name="user-manual", icon_name="help", order=100)
    )


# Page permissions on the whole tree; the [Access] rule narrows them by
# department and level. No role publishes: a page goes live through its
# workflow's final approval, and nobody deletes issued pages (a draft only
# its author: portal/access/deletion.py). IT keeps the site and its redirects.
_EDIT = ("add_page", "change_page")
_MODERATE = (*_EDIT, "lock_page", "unlock_page")


@hooks.register("liuhen_role_permissions")
def home_role_permissions():
    return {
        Role.STAFF: {"pages": _EDIT},
        Role.DEPARTMENT_HEAD: {"pages": _MODERATE},
        Role.LEADERSHIP: {"pages": _MODERATE},
        Role.ARCHIVIST: {"pages": _MODERATE},
        Role.IT: {
            "models": (
                "wagtailcore.change_site",
                "wagtailredirects.add_redirect",
                "wagtailredirects.change_redirect",
                "wagtailredirects.delete_redirect",
            ),
        },
        Role.ADMINISTRATION_OFFICE: {"pages": _MODERATE},
    }


@hooks.register("liuhen_pending_items")
def training_to_confirm(user):
    return training.pending_confirmations(user)


@hooks.register("liuhen_quick_actions")
def draft_document_quick_action(user):
    return workbench.draft_document_action(user)


@hooks.register("liuhen_periodic")
def remind_training_audiences():
    sent = training.send_reminders()
    return _("Training reminders sent: %(count)s.") % {"count": sent} if sent else None


@hooks.register("liuhen_record_history")
def page_revisions(page, request):
    return history.revisions_section(page, request)


@hooks.register("liuhen_record_history")
def page_trail_events(page, request):
    return history.trail_section(page, request)


def _record_buttons(page, user, priority):
    if page.depth <= 1:
        return
    yield Button(_("Record history"), url=history.history_url(page), icon_name="history", priority=priority)
    if page.specific_class is TrainingPage and page.live:
        specific = page.specific
        if training.may_see_report(user, specific):
            yield Button(
                _("Read confirmations"),
                url=reverse("training_report", args=[page.pk]),
                icon_name="tasks",
                priority=priority + 1,
            )


@hooks.register("register_page_header_buttons")
def record_header_buttons(page, user, view_name, next_url=None):
    yield from _record_buttons(page, user, 66)


@hooks.register("register_page_header_buttons")
def project_dossier_button(page, user, view_name, next_url=None):
    if page.specific_class is ProjectPage and rules.can(user, Action.VIEW, page.specific_deferred):
        button = Button(
            _("Project dossier"),
            reverse("project_dossier", args=[page.pk]),
            icon_name="folder-open-inverse",
            priority=84,
        )
        yield page_header.visible(button, view_name)


@hooks.register("register_page_listing_more_buttons")
def record_listing_buttons(page, user, next_url=None):
    yield from _record_buttons(page, user, 51)


class DocumentNumberRuleViewSet(SnippetViewSet):
    model = DocumentNumberRule
    icon = "list-ol"
    menu_label = gettext_lazy("Document number rules")
    add_to_settings_menu = True
    list_display = ["department", "kind", "code", "example"]
    list_filter = ["department", "kind"]


register_snippet(DocumentNumberRuleViewSet)


@hooks.register("liuhen_seed_demo")
def seed_pages(seed):
    from . import demo_pages

    demo_pages.seed(seed=seed)


@hooks.register("liuhen_reset_demo")
def reset_pages(usernames, department_codes):
    from . import demo_pages

    demo_pages.reset(department_codes=department_codes)
