"""Wagtail's permission policies, narrowed by the access rule, so that the
admin (explorer, page search, choosers, reports, document and image
libraries, the admin API) never shows or lets anyone change what the rule
forbids. Querysets keep what the user may list (Wagtail's own permissions
decide the rest); a single object also needs the rule's "edit" for changes."""

from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string
from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from . import rules
from .deletion import DraftDeletionMixin
from .rules import Action
from .subjects import records_user

# Wagtail actions that change a record; every other one only reads it.
WRITE_ACTIONS = {"add", "change", "delete", "publish", "lock", "unlock", "bulk_delete"}


def _rule_action(actions):
    return Action.EDIT if WRITE_ACTIONS & set(actions) else Action.LIST


class AccessPagePermissionPolicy(PagePermissionPolicy):
    # Wagtail gives a superuser every page; here they hold their roles' rights.
    def get_all_permissions_for_user(self, user):
        return super().get_all_permissions_for_user(records_user(user))

    def _base_user_has_permission(self, user):
        return super()._base_user_has_permission(records_user(user))

    def _base_queryset_for_user(self, user):
        return super()._base_queryset_for_user(records_user(user))

    def instances_with_direct_explore_permission(self, user):
        return super().instances_with_direct_explore_permission(records_user(user))

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return pages.filter(rules.page_filter(user, Action.LIST))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(user, actions, instance) and rules.can(
            user, _rule_action(actions), instance.specific_deferred
        )


class AccessPagePermissionTester(DraftDeletionMixin, PagePermissionTester):
    """Wagtail's answers for one page, all "no" when the rule does not let
    the user edit it (whatever their page permissions or superuser status);
    deletion as :class:`~portal.access.deletion.DraftDeletionMixin` says."""

    def __init__(self, user, page):
        super().__init__(records_user(user), page)
        self.may_edit = rules.can(user, Action.EDIT, page)
        if not self.may_edit:
            self.permissions = set()


def _guarded(method):
    def guarded(self, *args, **kwargs):
        return self.may_edit and method(self, *args, **kwargs)

    guarded.__name__ = method.__name__
    return guarded


for _name in (
    "can_add_subpage",
    "can_edit",
    "can_unpublish",
    "can_publish",
    "can_submit_for_moderation",
    "can_set_view_restrictions",
    "can_unschedule",
    "can_lock",
    "can_unlock",
    "can_publish_subpage",
    "can_reorder_children",
    "can_move",
    "can_copy",
    "can_move_to",
    "can_copy_to",
    "can_view_revisions",
):
    setattr(AccessPagePermissionTester, _name, _guarded(getattr(PagePermissionTester, _name)))


class AccessCollectionPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Documents and images: Wagtail's collection permissions, and the rule."""

    def instances_user_has_any_permission_for(self, user, actions):
        files = super().instances_user_has_any_permission_for(user, actions)
        return files.filter(rules.filter_for(user, Action.LIST, self.model))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(user, actions, instance) and rules.can(
            user, _rule_action(actions), instance
        )


def register_policies():
    """Called from ``AccessConfig.ready()``. ``exact_class`` registrations win
    over the ones Wagtail's apps make later in their own ``ready()``."""
    register_permission_policy(Page, AccessPagePermissionPolicy(Page))
    for model_string, auth_model in (
        (get_document_model_string(), "wagtaildocs.Document"),
        (get_image_model_string(), "wagtailimages.Image"),
    ):
        policy = AccessCollectionPermissionPolicy(
            model_string, auth_model=auth_model, owner_field_name="uploaded_by_user"
        )
        register_permission_policy(policy.model, policy, exact_class=True)
