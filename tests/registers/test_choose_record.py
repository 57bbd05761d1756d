"""Starting a circulation from the home page's quick action: choose the
record among those one may circulate, then the circulation form."""

import pytest
from django.urls import reverse

from home.factories import DocumentPageFactory, SectionPageFactory
from portal.access.levels import Level

from .conftest import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(home_page, department):
    return SectionPageFactory(
        parent=home_page, title="行政办公室", department=department, confidentiality=Level.PUBLIC
    )


def test_the_chooser_offers_live_records_one_may_circulate(
    section, department, other_department, staff, verified_client
):
    in_english(staff)
    mine = DocumentPageFactory(parent=section, title="档案检查通知", department=department)
    DocumentPageFactory(parent=section, title="尚未发布的通知", department=department, live=False)
    DocumentPageFactory(parent=section, title="财务部的通知", department=other_department)
    client = verified_client(staff)
    html = client.get(reverse("circulations:choose_record")).content.decode()
    assert reverse("circulations:circulate", args=[mine.pk]) in html
    assert "尚未发布的通知" not in html and "财务部的通知" not in html
    # A section is a folder, not a record.
    assert reverse("circulations:circulate", args=[section.pk]) not in html

    html = client.get(reverse("circulations:choose_record"), {"q": "预算"}).content.decode()
    assert "档案检查通知" not in html and "No record you may circulate has that in its title." in html
