"""Programs the concurrency and crash tests start as separate processes:
``python -m tests.portal.trail.processes writer NAME COUNT`` or ``crash CODE``.
They reach the test database through DATABASE_URL."""

import os
import signal
import sys


def setup():
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()


def writer(name, count):
    from django.db import transaction

    from portal import trail

    for number in range(int(count)):
        with transaction.atomic():
            trail.record("test.concurrent", details={"writer": name, "n": number})


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

    from portal.trail.verification import check_chain

    settings.TRAIL_VERIFY_PARALLEL_FROM = 0
    report = check_chain(workers=int(workers))
    first = report.first_problem
    result = f"{first.seq} {first.reason}" if first else f"OK {report.events} {report.head}"
    sys.stdout.write(f"{report.processes} {result}\n")


if __name__ == "__main__":
    setup()
    {"writer": writer, "crash": crash, "check_chain": check_chain}[sys.argv[1]](*sys.argv[2:])
