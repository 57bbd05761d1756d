"""Many processes write at once; the chain stays one gap-free line with
nothing lost, and a process killed mid-write leaves nothing half-written."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from portal.accounts.models import Department
from portal.trail.checks import verify
from portal.trail.models import Event, PendingEvent, Seal
from portal.trail.sealing import seal

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db(transaction=True)


def database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{settings['NAME']}"


def environment(**extra):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=database_url(), **extra)
    return env


def start(*args, **env):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.portal.trail.processes", *args],
        cwd=ROOT,
        env=environment(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("seal_mode", ["commit", "background"])
def test_four_processes_writing_at_once_lose_nothing(seal_mode):
    count = 60
    writers = [start("writer", f"w{n}", str(count), TRAIL_SEAL_MODE=seal_mode) for n in range(4)]
    for process in writers:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    seal()
    events = Event.objects.filter(action="test.concurrent")
    assert events.count() == 4 * count
    written = {(e.details["writer"], e.details["n"]) for e in events}
    assert written == {(f"w{w}", n) for w in range(4) for n in range(count)}, "nothing lost, nothing twice"
    seqs = list(Seal.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, Event.objects.count() + 1)), "gap-free, no forks, every event sealed"
    report = verify()
    assert report.ok, report.problems


def test_a_process_killed_mid_write_leaves_neither_change_nor_event():
    process = start("crash", "崩")
    out, err = process.communicate(timeout=60)
    assert out.strip() == "written", err
    assert process.returncode == -9
    assert not Department.objects.filter(code="崩").exists()
    assert not Event.objects.filter(action="test.crash").exists()
    seal()
    assert verify().ok


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def failed_sign_in(base, username):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": "x"}
    ).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/"})
    return opener.open(request).status


def test_several_gunicorn_workers_keep_one_chain(portal_setup):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", "3", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment(DJANGO_SETTINGS_MODULE="portal.settings.test", TRAIL_SEAL_MODE="background"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda n: failed_sign_in(base, f"nobody{n}"), range(80)))
        assert statuses == [200] * 80
        # The workers seal in turns while serving: no event is left waiting.
        for _ in range(100):
            if not PendingEvent.objects.exists():
                break
            time.sleep(0.1)
        assert not PendingEvent.objects.exists(), "the running workers sealed every event"
    finally:
        server.terminate()
        server.wait(timeout=30)
    seal()
    failed = Event.objects.filter(action="account.sign_in_failed")
    assert sorted(e.details["username"] for e in failed) == sorted(f"nobody{n}" for n in range(80))
    seqs = list(Seal.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, Event.objects.count() + 1))
    assert verify().ok
