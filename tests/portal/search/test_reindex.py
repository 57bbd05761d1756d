"""An index written in an older layout is written again by ``setup_portal``
(portal/search/reindex.py); a new database starts in the current layout."""

import pytest
from wagtail.models import Page

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.search.models import IndexLayout
from portal.search.pages import search_pages
from portal.search.reindex import LAYOUT, bring_up_to_date

pytestmark = pytest.mark.django_db


def found(user, query):
    return [page.title for page in search_pages(user, query).results]


def test_a_new_database_starts_in_the_current_layout():
    assert IndexLayout.objects.get().version == LAYOUT
    assert bring_up_to_date() is None


def test_setup_writes_an_older_index_again(home_page, department, staff):
    page = SectionPageFactory(
        parent=home_page, title="档案移交清单", department=department, confidentiality=Level.PUBLIC
    )
    # An entry as an older layout left it: the title it holds is not the page's.
    Page.objects.filter(pk=page.pk).update(title="印章使用登记")
    IndexLayout.objects.update(version=LAYOUT - 1)
    assert found(staff, "印章使用") == []

    assert bring_up_to_date()
    assert found(staff, "印章使用") == ["印章使用登记"]
    assert IndexLayout.objects.get().version == LAYOUT
    assert bring_up_to_date() is None, "an index in the current layout is left alone"
