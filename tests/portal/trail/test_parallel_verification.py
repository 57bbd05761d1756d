"""A long trail is verified by several processes; they find exactly what one
process finds."""

import pytest

from portal import trail
from portal.trail.checkpoints import create_checkpoint
from portal.trail.models import Seal
from portal.trail.sealing import seal
from portal.trail.verification import check_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def long_trail(settings, tamper, department):
    settings.TRAIL_VERIFY_PARALLEL_FROM = 0
    for size in (7, 16, 29, 45):
        while Seal.objects.count() < size:
            trail.record("test.event", target=department, details={"n": Seal.objects.count()})
            seal()
        create_checkpoint()
    return Seal.objects.order_by("seq")


def test_processes_and_one_process_agree_on_an_intact_trail(long_trail):
    for workers in (1, 2, 3):
        report = check_chain(workers=workers)
        assert report.ok, (workers, report.problems)
        assert report.events == long_trail.count()
        assert report.head == long_trail.last().hash


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("UPDATE trail_seal SET body = body || ' ' WHERE seq = 30", (30, "hash")),
        ("DELETE FROM trail_seal WHERE seq = 17", (17, "gap")),
        ("UPDATE trail_checkpoint SET root_hash = head_hash WHERE size = 29", (29, "checkpoint_signature")),
    ],
)
def test_processes_name_the_same_first_bad_event(long_trail, tamper, sql, expected):
    tamper(sql)
    for workers in (1, 2, 3):
        first = check_chain(workers=workers).first_problem
        assert (first.seq, first.reason) == expected, workers


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
    for workers in (1, 2, 3):
        first = check_chain(workers=workers).first_problem
        assert (first.seq, first.reason) == (29, "checkpoint_root"), workers
