"""Programs the concurrency and crash tests start as separate processes:
``python -m tests.portal.trail.processes writer NAME COUNT [PAUSE]``, ``crash CODE``,
``stalled_sealer POINT COUNT``.
They reach the test database through DATABASE_URL."""

import os
import signal
import sys


def setup():
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()


def writer(name, count, pause="0"):
    import time

    from django.db import transaction

    from portal import trail

    for number in range(int(count)):
        with transaction.atomic():
            trail.record("test.concurrent", details={"writer": name, "n": number})
        time.sleep(float(pause))


def stalled_sealer(point, count):
    """Record ``count`` events, then seal them and stop (SIGSTOP) while
    holding the chain's lock: ``queue`` after reading the queue, between two
    statements; ``copy`` half-way through sending the seals, inside a
    statement. Once continued, say how the batch ended."""
    import psycopg
    from django.db import transaction

    from portal import trail
    from portal.trail import sealing

    for number in range(int(count)):
        with transaction.atomic():
            trail.record("test.stalled", details={"n": number})

    def stop():
        if stop.done:
            return
        stop.done = True
        sys.stdout.write("holding\n")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGSTOP)

    stop.done = False
    if point == "queue":
        sign = sealing.signing.sign

        def stalled_sign(message):
            stop()
            return sign(message)

        sealing.signing.sign = stalled_sign
    else:
        write_row = psycopg.Copy.write_row

        def stalled_write_row(self, row):
            write_row(self, row)
            stop()

        psycopg.Copy.write_row = stalled_write_row
    try:
        sealed = sealing.seal_in_turn()
    except Exception as error:
        sys.stdout.write(f"lost {type(error).__name__}\n")
    else:
        sys.stdout.write(f"sealed {sealed}\n")


def crash(code):
    """Start a business write and its event, then die before the commit."""
    from django.db import transaction

    from portal import trail
    from portal.accounts.models import Department

    with transaction.atomic():
        department = Department.objects.create(code=code, name="崩溃测试部")
        trail.record("test.crash", target=department)
        sys.stdout.write("written\n")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)


def check_chain(workers):
    """Verify with ``workers`` processes; print the first problem or OK."""
    from django.conf import settings

    from portal.trail.checks import check_chain

    settings.TRAIL_VERIFY_PARALLEL_FROM = 0
    report = check_chain(workers=int(workers))
    first = report.first_problem
    result = f"{first.seq} {first.reason}" if first else f"OK {report.events} {report.head}"
    sys.stdout.write(f"{report.processes} {result}\n")


if __name__ == "__main__":
    setup()
    {"writer": writer, "crash": crash, "check_chain": check_chain, "stalled_sealer": stalled_sealer}[
        sys.argv[1]
    ](*sys.argv[2:])
