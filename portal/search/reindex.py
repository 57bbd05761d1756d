"""Entries written in an older layout of the search index are written again
by ``setup_portal``. A change to what the index holds (the title alone,
people's names with the text) raises :data:`LAYOUT`, with a migration that
records the new layout for a database whose index is still empty (as
``search.0002_index_layout`` does)."""

from io import StringIO

from django.core.management import call_command
from django.utils.translation import gettext as _

from .models import IndexLayout

# 1: the segmented title alone in the title, people's names with the text.
LAYOUT = 1


def bring_up_to_date():
    """Rebuild the index if it was written in an older layout; a message when it was."""
    layout, _created = IndexLayout.objects.get_or_create(pk=1)
    if layout.version >= LAYOUT:
        return None
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    layout.version = LAYOUT
    layout.save(update_fields=["version"])
    return _("Search index rebuilt for the current layout.")
