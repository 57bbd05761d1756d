"""The access demo records (the seed hook; the only test that loads the demo)."""

import pytest
from django.core.management import call_command

from home.models import SectionPage
from portal.access.levels import Level
from portal.access.models import AccessRequest, ExternalVisit, RecordDocument

pytestmark = pytest.mark.django_db


def test_the_demo_has_records_at_every_level_grants_and_a_visit():
    call_command("seed_demo", verbosity=0)
    records = SectionPage.objects.filter(depth=5)
    for level in Level:
        assert records.filter(confidentiality=level).values("department").distinct().count() >= 4, level
    assert RecordDocument.objects.filter(confidentiality=Level.SECRET).exists()
    statuses = set(AccessRequest.objects.values_list("status", flat=True))
    assert {AccessRequest.Status.PENDING, AccessRequest.Status.APPROVED} <= statuses
    visit = ExternalVisit.objects.get(visitors__username="huangshen")
    assert visit.is_open and visit.escort.username == "hemei" and visit.credentials.exists()

    call_command("seed_demo", "--reset", verbosity=0)
    assert ExternalVisit.objects.count() == 1 and AccessRequest.objects.count() == 2
