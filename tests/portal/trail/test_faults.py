"""Faults do not stop the trail: a sealer that stops without dying loses the
chain's lock within seconds and another process seals; verification and the
periodic jobs never wait for it; a worker killed mid-request leaves nothing
of the request behind."""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from home.factories import SectionPageFactory
from portal.access.levels import Level
from portal.trail.checks import verify
from portal.trail.models import Event, PendingEvent, Seal
from portal.trail.sealing import CHAIN_LOCK_KEY, seal
from registers.models import CirculationReceipt
from registers.services import circulation
from tests.conftest import verify_session

from .test_concurrency import ROOT, environment, free_port, start

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a lease on the chain's lock is PostgreSQL's; SQLite serves one machine, "
    "where a process stopped inside a write transaction holds the only write lock",
)
LEASE_MS = "1000"


def wait_until(condition, seconds, step=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def is_stopped(process):
    return Path(f"/proc/{process.pid}/stat").read_text().split(")")[1].split()[0] == "T"


def chain_lock_holders():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND (classid::bigint << 32) + objid::bigint = %s",
            [CHAIN_LOCK_KEY],
        )
        return cursor.fetchone()[0]


def stop_a_sealer(point, count=50):
    """A process that recorded ``count`` events and stopped while sealing
    them, holding the chain's lock."""
    sealer = start(
        "stalled_sealer", point, str(count), TRAIL_SEAL_MODE="periodic", TRAIL_SEAL_LEASE_MS=LEASE_MS
    )
    assert sealer.stdout.readline().strip() == "holding", sealer.stderr.read()
    assert wait_until(lambda: is_stopped(sealer), 10)
    assert chain_lock_holders() == 1, "the stopped sealer holds the chain's lock"
    return sealer


def resume(sealer):
    sealer.send_signal(signal.SIGCONT)
    out, err = sealer.communicate(timeout=60)
    return out.strip(), err


def assert_one_gap_free_verified_chain():
    seal()
    seqs = list(Seal.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, Event.objects.count() + 1)), "gap-free, every event sealed once"
    assert not PendingEvent.objects.exists()
    report = verify()
    assert report.ok, report.problems


@postgresql_only
@pytest.mark.parametrize("point", ["queue", "copy"])
def test_a_stopped_sealer_loses_the_lock_and_the_writers_seal_on(point):
    sealer = stop_a_sealer(point)
    try:
        writers = [
            start("writer", f"w{n}", "60", "0.05", TRAIL_SEAL_MODE="background", TRAIL_SEAL_LEASE_MS=LEASE_MS)
            for n in range(3)
        ]
        written = Event.objects.filter(action="test.concurrent")
        assert wait_until(written.exists, 60), "the writers started"
        writing_from = time.monotonic()
        # Another process takes the chain over within seconds, while the writers write.
        stalled = Event.objects.filter(action="test.stalled")
        assert wait_until(lambda: not PendingEvent.objects.filter(event__in=stalled).exists(), 30), (
            "the stopped sealer's events were sealed by another process"
        )
        assert time.monotonic() - writing_from < 10, "within seconds (the lease is one second)"
        assert any(writer.poll() is None for writer in writers), "taken over while the others write"
        for writer in writers:
            _out, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, err
        assert wait_until(lambda: not PendingEvent.objects.filter(event__in=written).exists(), 15), (
            "events keep being sealed while the stopped sealer is still stopped"
        )
        assert is_stopped(sealer)
    finally:
        out, err = resume(sealer)
    # Its session was ended: what the resumed sealer sends goes nowhere.
    assert out.startswith("lost "), (out, err)
    assert Event.objects.filter(action="test.stalled").count() == 50
    assert Event.objects.filter(action="test.concurrent").count() == 180
    assert_one_gap_free_verified_chain()


def manage(*args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(DJANGO_SETTINGS_MODULE="portal.settings.test", TRAIL_SEAL_LEASE_MS=LEASE_MS),
        capture_output=True,
        text=True,
        timeout=180,
    )


@postgresql_only
def test_verify_and_the_periodic_jobs_return_while_a_sealer_is_stopped():
    sealer = stop_a_sealer("copy")
    try:
        # Each returns (a hang would end in TimeoutExpired), the sealer still stopped.
        periodic = manage("run_periodic")
        assert periodic.returncode == 0, periodic.stderr
        verified = manage("trail", "verify")
        assert verified.returncode == 0, verified.stderr
        assert verified.stdout.startswith("OK "), verified.stdout
        assert is_stopped(sealer)
        # The stopped sealer's events were sealed without it.
        assert not PendingEvent.objects.exists()
    finally:
        out, _err = resume(sealer)
    assert out.startswith("lost "), out
    assert_one_gap_free_verified_chain()


STALL_CONFIG = """
import os, time
from pathlib import Path

def post_worker_init(worker):
    from registers.services import circulation

    record_read = circulation.record_read

    def stalled(page, user, request=None):
        marked = record_read(page, user, request=request)
        stall = Path(os.environ["LIUHEN_STALL_FILE"])
        if marked and not stall.exists():
            stall.write_text(str(os.getpid()))
            time.sleep(60)  # here the worker is killed
        return marked

    circulation.record_read = stalled
"""


def test_a_worker_killed_mid_request_leaves_nothing_of_the_request(
    tmp_path, home_page, department, department_head, staff
):
    record = SectionPageFactory(
        parent=home_page,
        title="关于开展年度档案检查的通知",
        department=department,
        confidentiality=Level.INTERNAL,
        owner=department_head,
    )
    circulation.circulate(record, department_head, recipients=[staff])
    cookie = verify_session(Client(), staff).cookies[settings.SESSION_COOKIE_NAME]
    before = set(Event.objects.values_list("id", flat=True))
    config, stall = tmp_path / "gunicorn_stall.py", tmp_path / "stalled-worker"
    config.write_text(STALL_CONFIG)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--workers",
            "2",
            "--config",
            str(config),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=environment(DJANGO_SETTINGS_MODULE="portal.settings.test", LIUHEN_STALL_FILE=str(stall)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    def open_record():
        request = urllib.request.Request(
            base + record.url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie.value}"}
        )
        return urllib.request.urlopen(request, timeout=60)

    outcome = {}

    def first_reading():
        try:
            outcome["status"] = open_record().status
        except OSError as error:
            outcome["error"] = error

    try:
        assert wait_until(lambda: _answers(base), 30), "gunicorn started"
        reading = threading.Thread(target=first_reading)
        reading.start()
        assert wait_until(stall.exists, 30), "the worker wrote the receipt and its events"
        time.sleep(0.2)
        os.kill(int(stall.read_text()), signal.SIGKILL)
        reading.join(timeout=30)
        assert "error" in outcome, "the killed worker never answered"
        # Nothing of that request: no receipt marked read, no view, no reading event.
        receipt = CirculationReceipt.objects.get(recipient=staff)
        assert receipt.read_at is None
        assert not Event.objects.exclude(id__in=before).filter(
            target_id__in=[str(record.pk), str(receipt.pk)]
        )
        # The reader opens it again, from another worker: all of it, once.
        assert wait_until(lambda: _answers(base), 30)
        assert open_record().status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    receipt.refresh_from_db()
    assert receipt.read_at is not None
    new = Event.objects.exclude(id__in=before)
    assert new.filter(action="access.view", target_id=str(record.pk)).count() == 1
    assert new.filter(action="circulation.read", target_id=str(receipt.pk)).count() == 1
    assert_one_gap_free_verified_chain()


def _answers(base):
    try:
        return urllib.request.urlopen(f"{base}/healthz", timeout=1).status == 200
    except OSError:
        return False
