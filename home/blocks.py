"""StreamField blocks of the record pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ClauseBlock(blocks.RichTextBlock):
    """One clause (条) of a policy; numbered when rendered."""

    class Meta:
        icon = "list-ol"
        label = _("Clause")
        template = "home/blocks/clause.html"
        features = ["bold", "italic", "ol", "ul", "link"]


class ChapterBlock(blocks.StructBlock):
    """One chapter (章) of a policy: a heading and its clauses."""

    heading = blocks.CharBlock(label=_("Chapter heading"), max_length=120)
    clauses = blocks.ListBlock(ClauseBlock(), label=_("Clauses"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("Chapter")
        template = "home/blocks/chapter.html"
