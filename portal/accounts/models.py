import reversion
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .roles import Role


@reversion.register()
class Department(models.Model):
    """An organisational unit (部门). Every record belongs to one; its heads
    approve and review the department's records (RES-2)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short code used in document numbers, e.g. 行 for the administration office."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    heads = models.ManyToManyField(
        "accounts.User",
        verbose_name=_("department heads"),
        blank=True,
        related_name="headed_departments",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    @classmethod
    def with_subdepartments(cls, ids):
        """``ids`` and the ids of every department below them."""
        found, level = set(ids), set(ids)
        while level:
            level = set(cls.objects.filter(parent__in=level).values_list("pk", flat=True)) - found
            found |= level
        return found


class User(AbstractUser):
    """A person who signs in to the portal: an employee, or an external auditor
    on a time-boxed visit. ``display_name`` is the person's one name field
    (姓名), the whole name as written and shown everywhere ("许强"): Chinese
    names are not split into first and last names. Roles are Django groups
    created by ``setup_portal``."""

    first_name = None
    last_name = None

    employee_number = models.CharField(
        _("employee number"), max_length=30, unique=True, null=True, blank=True
    )
    display_name = models.CharField(
        pgettext_lazy("person", "name"),
        max_length=50,
        blank=True,
        help_text=_("The person's whole name as written, e.g. 许强."),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    title = models.CharField(_("job title"), max_length=100, blank=True)
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised",
        help_text=_(
            "Who reads and reviews this person's work reports. Left empty, it is the head of their "
            "department (or of the nearest department above that has one)."
        ),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name()

    def get_full_name(self):
        return self.display_name or self.username

    def get_short_name(self):
        return self.get_full_name()

    def heads_department(self, department):
        return department is not None and self.headed_departments.filter(pk=department.pk).exists()


class SignInFailures(models.Model):
    """Recent failed password sign-ins for one user name (lower case), kept
    by :mod:`portal.accounts.throttle`. Not a record: a row goes when the
    name signs in or its failures have expired."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("failed sign-ins")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self):
        return self.username


class AccountChange(models.Model):
    """A change of someone's roles, department or administrator status
    (账号变更): proposed by IT or leadership, applied only when someone of the
    other side approves it — never the proposer, never the person changed.
    ``before`` and ``after`` hold the account as it was and as proposed
    (``portal.accounts.services.changes.snapshot``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved and applied")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    account = models.ForeignKey(
        User, verbose_name=_("account changed"), on_delete=models.PROTECT, related_name="account_changes"
    )
    proposed_by = models.ForeignKey(
        User, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_as = models.CharField(_("proposed as"), max_length=20, choices=Role.choices)
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=models.Q(status="pending"),
                name="one_pending_change_per_account",
            )
        ]

    def __str__(self):
        return str(self.account)
