"""The portal's own help (用户手册): one page per role and script, below one
index page, seeded by ``setup_portal`` from ``home/manual/`` (see
:mod:`home.services.manual`).

A manual page is not a business record: it has no approval route of its
own and needs none to be seeded. Like every page it is under the access
rule: public (every signed-in user reads it) and of no department, so those
who edit records of any department (leadership, archivists) edit it, and an
edit goes live through the approval every page that is not a record takes
(部门负责人审批; without a department, the leadership). Its text is Markdown
kept in the repository, so that it can be reviewed and regenerated; an edit
in the admin is a Wagtail revision like any page's (and so a trail event)."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from portal.access.levels import Level
from portal.access.models import AccessControlledPage
from portal.accounts.roles import Role

from .records import page_settings_panels, title_panels

MANUAL_TITLE_HELP = _("The heading readers see in the manual, e.g. 员工：日常工作.")


class Script(models.TextChoices):
    """The two scripts the manual is written in; readers of any other
    language read the Simplified one."""

    SIMPLIFIED = "zh-hans", _("Simplified Chinese")
    TRADITIONAL = "zh-hant", _("Traditional Chinese")


class PublicHelpPage(AccessControlledPage):
    """Public and of no department, whatever is saved: the help is for
    everyone. Not a record, so the records search leaves it out (readers
    reach it from 帮助)."""

    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("owning department"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality level"), choices=Level.choices, default=Level.PUBLIC, editable=False
    )

    search_fields = []
    promote_panels = []
    settings_panels = page_settings_panels()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.confidentiality, self.department = Level.PUBLIC, None
        return super().save(*args, **kwargs)


class ManualIndexPage(PublicHelpPage):
    """The 用户手册: lists the manual pages in the reader's script."""

    intro = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))

    content_panels = [*title_panels(MANUAL_TITLE_HELP), FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ManualPage"]
    max_count = 1

    class Meta:
        verbose_name = _("user manual")
        verbose_name_plural = _("user manuals")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        script = script_for(getattr(request, "LANGUAGE_CODE", ""))
        context["manual_pages"] = ManualPage.objects.child_of(self).live().filter(script=script)
        return context


class ManualPage(PublicHelpPage):
    """One role's everyday tasks, step by step, in one script."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    script = models.CharField(_("script"), max_length=8, choices=Script.choices, default=Script.SIMPLIFIED)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown: # headings, numbered steps (1.), lists (-), **bold** and "
            "images of the manual as ![caption](name.png)."
        ),
    )

    content_panels = [
        *title_panels(MANUAL_TITLE_HELP),
        FieldPanel("role"),
        FieldPanel("script"),
        FieldPanel("body"),
    ]

    parent_page_types = ["home.ManualIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("user manual page")
        verbose_name_plural = _("user manual pages")

    @cached_property
    def body_html(self):
        from ..services.manual import render

        return render(self.body)


def script_for(language_code):
    """The manual's script for a reader of ``language_code``."""
    return Script.TRADITIONAL if (language_code or "").lower() == Script.TRADITIONAL else Script.SIMPLIFIED
