import io

import pytest
from django.core.management import call_command

from registers.models import Circulation, CirculationReceipt, MeetingAttendance

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_circulation_and_reset_removes_it(portal_setup):
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    # The record circulated by the office's head, beside the two meetings' notices.
    circulation = Circulation.objects.get(sender__username="zhaomin")
    assert circulation.receipts.count() >= 3
    assert Circulation.objects.count() == 3
    attendance = MeetingAttendance.objects.count()
    assert attendance > 0
    signed = CirculationReceipt.objects.get(circulation=circulation, recipient__username="sunli")
    assert signed.read_at and signed.comment and signed.paper_signed_by == "孙丽"
    call_command("seed_demo", "--reset", verbosity=0, stdout=io.StringIO())
    assert Circulation.objects.count() == 3, "the reset removed the old demo and seeded it again"
    assert MeetingAttendance.objects.count() == attendance
