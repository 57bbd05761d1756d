"""Approval cannot be skipped: the permissions Wagtail asks about a record
page (and about the pages records are made under) leave no way for anyone to
publish, unpublish, move or copy a record around its workflow — superusers
included. Every Wagtail path asks the page's tester: the editor and its
action menu, bulk actions, the admin API, copy and move.

A record goes live only through the final approval of its workflow
(:func:`.workflows.publish_approved`), scheduled go-live included; what
others may do with it otherwise (edit, submit, lock, delete) is Wagtail's
answer narrowed by the access rule, as for any page."""

from portal.access.permissions import AccessPagePermissionTester


def goes_live_through_workflow(model):
    """Whether pages of ``model`` are records that only their workflow publishes."""
    return bool(getattr(model, "publishes_through_workflow_only", False))


class ApprovalPagePermissionTester(AccessPagePermissionTester):
    """The access rule's tester, with publishing left to the workflow for
    record pages and for record pages made under this one."""

    @property
    def is_record(self):
        return goes_live_through_workflow(self.page.specific_class)

    def can_publish(self):
        return not self.is_record and super().can_publish()

    def can_unpublish(self):
        # Withdrawing a live record is a new revision through the workflow
        # (repealed, superseded), never an unpublish.
        return not self.is_record and super().can_unpublish()

    def can_unschedule(self):
        # A go-live date the workflow approved is changed through it too.
        return not self.is_record and super().can_unschedule()

    def can_move(self):
        return not self.is_record and super().can_move()

    def can_move_to(self, destination):
        return not self.is_record and super().can_move_to(destination)

    def can_publish_subpage(self):
        # Creating a record and publishing it at once, or copying one and
        # keeping the copy live, asks the parent page this.
        specific_class = self.page.specific_class
        makes_records = specific_class is not None and any(
            goes_live_through_workflow(model) for model in specific_class.allowed_subpage_models()
        )
        return not makes_records and super().can_publish_subpage()
