"""A long trail is verified by several processes; they find exactly what one
process finds. Each check runs in a fresh process, as `trail verify` does
(forking beside other threads' database connections is refused)."""

import pytest

from portal import trail
from portal.trail.checkpoints import create_checkpoint
from portal.trail.models import Seal
from portal.trail.sealing import seal

from .test_concurrency import start

pytestmark = pytest.mark.django_db(transaction=True)


def checked(workers):
    process = start("check_chain", str(workers))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    processes, result = out.strip().split(" ", 1)
    assert int(processes) == workers, "the check ran in as many processes as asked"
    return result


@pytest.fixture
def long_trail(department):
    for size in (7, 16, 29, 45):
        while Seal.objects.count() < size:
            trail.record("test.event", target=department, details={"n": Seal.objects.count()})
            seal()
        create_checkpoint()
    return Seal.objects.order_by("seq")


def test_processes_and_one_process_agree_on_an_intact_trail(long_trail):
    expected = f"OK {long_trail.count()} {long_trail.last().hash}"
    assert [checked(workers) for workers in (1, 2, 3)] == [expected] * 3


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("UPDATE trail_seal SET body = body || ' ' WHERE seq = 30", "30 hash"),
        ("DELETE FROM trail_seal WHERE seq = 17", "17 gap"),
        # Not even hexadecimal: PostgreSQL cannot decode it, the check goes on without it.
        ("UPDATE trail_seal SET hash = 'forged' WHERE seq = 23", "23 hash"),
        ("UPDATE trail_checkpoint SET root_hash = head_hash WHERE size = 29", "29 checkpoint_signature"),
    ],
)
def test_processes_name_the_same_first_bad_event(long_trail, tamper, sql, expected):
    tamper(sql)
    assert [checked(workers) for workers in (1, 2, 3)] == [expected] * 3


def test_processes_recompute_every_merkle_root(long_trail, tamper):
    """A checkpoint signed with the right key over a wrong root (a faulty
    signer) is caught by the Merkle recomputation, in every range."""
    from portal.trail import chain, signing
    from portal.trail.models import Checkpoint

    checkpoint = Checkpoint.objects.get(size=29)
    wrong_root = "ab" * 32
    signature = signing.sign(
        chain.checkpoint_message(29, checkpoint.head_hash, wrong_root, checkpoint.at.isoformat())
    )
    tamper(
        "UPDATE trail_checkpoint SET root_hash = %s, signature = %s WHERE size = 29", [wrong_root, signature]
    )
    assert [checked(workers) for workers in (1, 2, 3)] == ["29 checkpoint_root"] * 3
