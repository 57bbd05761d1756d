"""Verification runs by itself: ``run_periodic`` verifies what was sealed
since the last verified checkpoint, the whole trail once a day; the result
shows on the dashboard and in the site's footer for trail readers; a failure
reaches the inbox of IT, internal audit and leadership; one failing job does
not stop the others."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail import hooks

from portal import trail
from portal.inbox import PendingItem, pending_items
from portal.trail.models import Checkpoint, Event
from portal.trail.sealing import seal

from .conftest import raw

pytestmark = pytest.mark.django_db


def run_periodic():
    out = io.StringIO()
    call_command("run_periodic", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def verifications():
    return list(Event.objects.filter(action__startswith="trail.verify").order_by("id"))


def test_each_run_verifies_what_was_sealed_since_the_last_verified_checkpoint(department):
    first = run_periodic()
    assert "Trail verified" in first or "留痕校验通过" in first
    whole = verifications()[-1]
    assert whole.action == "trail.verify" and whole.details["ok"]
    verified_checkpoint = Checkpoint.objects.latest("size")
    assert verified_checkpoint.size == whole.details["events"]

    for number in range(3):
        trail.record("test.event", target=department, details={"n": number})
    run_periodic()
    recent = verifications()[-1]
    assert recent.action == "trail.verify_recent"
    assert recent.details["ok"] and recent.details["since"] == verified_checkpoint.size
    assert recent.details["events"] == Event.objects.count() - 1  # all but itself

    # A day later, the whole trail again.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        run_periodic()
    assert verifications()[-1].action == "trail.verify"


@pytest.fixture
def broken_after_a_verification(department, tamper):
    run_periodic()
    events = [trail.record("test.event", target=department, details={"text": "留痕"}) for _ in range(3)]
    seal()
    seq = events[1].seq
    tamper("UPDATE trail_seal SET body = replace(body, '留痕', '改写') WHERE seq = %s", [seq])
    run_periodic()
    return seq


def test_a_recent_break_is_found_sealed_and_shown(broken_after_a_verification, leader, verified_client):
    failed = verifications()[-1]
    assert failed.action == "trail.verify_recent"
    assert not failed.details["ok"]
    assert (failed.details["first_bad_seq"], failed.details["reason"]) == (
        broken_after_a_verification,
        "hash",
    )
    html = verified_client(leader).get("/admin/").content.decode()
    assert f"第 {broken_after_a_verification} 条记录处断裂" in html
    assert "哈希值不符" in html


def test_a_failure_waits_in_the_inbox_of_it_audit_and_leadership(
    broken_after_a_verification, it_user, auditor, leader, staff, department_head
):
    for user in (it_user, auditor, leader):
        (item,) = [i for i in pending_items(user) if i.kind == PendingItem.ALERT]
        assert item.title == "留痕校验未通过"
        assert f"第 {broken_after_a_verification} 条记录" in item.detail
    for user in (staff, department_head):
        assert not [i for i in pending_items(user) if i.kind == PendingItem.ALERT]


def test_the_alert_leaves_when_a_verification_succeeds(department, it_user, tamper):
    run_periodic()
    event = trail.record("test.event", target=department, details={"text": "留痕"})
    seal()
    body = raw("SELECT body FROM trail_seal WHERE seq = %s", [event.seq])[0][0]
    tamper("UPDATE trail_seal SET body = %s WHERE seq = %s", [body + " ", event.seq])
    run_periodic()
    assert [i for i in pending_items(it_user) if i.kind == PendingItem.ALERT]
    tamper("UPDATE trail_seal SET body = %s WHERE seq = %s", [body, event.seq])
    run_periodic()
    assert verifications()[-1].details["ok"]
    assert not [i for i in pending_items(it_user) if i.kind == PendingItem.ALERT]


def test_the_footer_shows_the_last_verification_to_trail_readers(site, leader, staff, verified_client):
    call_command("trail", "verify", stdout=io.StringIO())
    for user, shown in ((leader, True), (staff, False)):
        html = verified_client(user).get(site.root_page.url).content.decode()
        assert ("留痕已校验：完好" in html) is shown


def test_a_failing_job_is_reported_and_the_others_still_run(department):
    def broken_job():
        raise RuntimeError("mail server unreachable")

    with hooks.register_temporarily("liuhen_periodic", broken_job, order=-100):
        err = io.StringIO()
        with pytest.raises(CommandError) as error:
            call_command("run_periodic", stdout=io.StringIO(), stderr=err)
    assert error.value.returncode == 1
    assert "broken_job" in str(error.value)
    assert "mail server unreachable" in err.getvalue()
    # The jobs after it ran: the trail was checkpointed and verified.
    assert Checkpoint.objects.exists()
    assert verifications()[-1].details["ok"]
    failure = Event.objects.get(action="system.periodic_failed")
    assert failure.details["job"].endswith("broken_job")
    assert failure.details["error"] == "RuntimeError: mail server unreachable"
    assert failure.actor_label == "run_periodic"
