"""The export, the standalone verifier and inclusion proofs, as an external
auditor uses them: files and a public key, no portal."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from portal.trail import chain, signing, standalone
from portal.trail.checkpoints import create_checkpoint
from portal.trail.exporting import export_lines

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def run_verifier(*args):
    """The verifier in a fresh interpreter, proving it loads no Django."""
    code = (
        "import sys; from portal.trail import standalone; rc = standalone.main(sys.argv[1:]); "
        "assert 'django' not in sys.modules, 'the verifier imported Django'; sys.exit(rc)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin"},
    )


@pytest.fixture
def export_file(sealed_trail, tmp_path):
    create_checkpoint()
    path = tmp_path / "trail.jsonl"
    with path.open("w") as handle:
        call_command("trail", "export", stdout=handle)
    return path


@pytest.fixture
def public_key(tmp_path):
    path = tmp_path / "public.key"
    path.write_text(chain.b64(signing.public_key_bytes()))
    return path


def test_standalone_verifier_accepts_an_honest_export(export_file, public_key, sealed_trail):
    result = run_verifier(str(export_file), "--public-key", str(public_key))
    head = sealed_trail.last().hash
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"OK 20 events, head {head}"


def test_verifier_runs_from_two_copied_files(export_file, public_key, tmp_path):
    """What an auditor is handed: standalone.py and chain.py, nothing else."""
    kit = tmp_path / "kit"
    kit.mkdir()
    for name in ("standalone.py", "chain.py"):
        (kit / name).write_text((ROOT / "portal" / "trail" / name).read_text())
    result = subprocess.run(
        [sys.executable, "-E", "-s", "standalone.py", str(export_file), "--public-key", str(public_key)],
        cwd=kit,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK 20 events, head ")


def test_standalone_verifier_names_the_changed_event(export_file, public_key):
    lines = export_file.read_text().splitlines()
    event = json.loads(lines[8])
    event["body"] = event["body"].replace("留痕测试", "留痕测验")
    lines[8] = json.dumps(event, ensure_ascii=False)
    export_file.write_text("\n".join(lines))
    result = run_verifier(str(export_file), "--public-key", str(public_key))
    assert result.returncode == 1
    assert result.stdout.startswith(f"FAIL seq {event['seq']}: hash mismatch")


def test_standalone_verifier_refuses_another_key(export_file, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    key = tmp_path / "other.key"
    key.write_text(chain.b64(other))
    result = run_verifier(str(export_file), "--public-key", str(key))
    assert result.returncode == 1
    assert "unknown key" in result.stdout or "signature" in result.stdout


def test_partial_export_verifies_from_its_first_event(sealed_trail, public_key, tmp_path):
    create_checkpoint()
    path = tmp_path / "since.jsonl"
    path.write_text("\n".join(export_lines(since=11)))
    result = run_verifier(str(path), "--public-key", str(public_key))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK 20 events")


def test_inclusion_proof_checks_out_and_a_forged_one_does_not(sealed_trail, public_key, tmp_path, capsys):
    create_checkpoint()
    call_command("trail", "prove", "7")
    proof = json.loads(capsys.readouterr().out)
    assert proof["seq"] == 7 and len(proof["path"]) == 5  # ⌈log2 20⌉
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof, ensure_ascii=False))
    result = run_verifier("--proof", str(path), "--public-key", str(public_key))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "OK event 7 is in the checkpoint of 20 events"

    proof["body"] = proof["body"].replace('"n":6', '"n":66')
    path.write_text(json.dumps(proof, ensure_ascii=False))
    result = run_verifier("--proof", str(path), "--public-key", str(public_key))
    assert result.returncode == 1
    assert result.stdout.startswith("FAIL seq 7")


# --- Randomised: any mutation of any trail is detected --------------------------


def _make_trail(bodies):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    rows, prev, frontier = [], chain.GENESIS, chain.Frontier()
    for seq, body in enumerate(bodies, start=1):
        prev = chain.event_hash(prev, seq, body)
        frontier.append(prev)
        rows.append([seq, body, prev.hex(), ""])
    rows[-1][3] = chain.b64(private.sign(chain.head_message(len(rows), prev.hex())))
    public = private.public_key().public_bytes_raw()
    at, root = "2026-11-26T00:00:00+00:00", frontier.root().hex()
    checkpoint = {
        "size": len(rows), "head_hash": prev.hex(), "root_hash": root, "at": at,
        "key_id": chain.key_id(public), "public_key": chain.b64(public),
        "signature": chain.b64(private.sign(chain.checkpoint_message(len(rows), prev.hex(), root, at))),
    }  # fmt: skip
    return rows, [checkpoint], public


def _check(rows, checkpoints, public):
    checker = standalone.ChainChecker(
        checkpoints, trusted_keys={chain.key_id(public): public}, frontier=chain.Frontier()
    )
    checker.feed([tuple(r) for r in rows])
    return checker.finish(public_key=public)


bodies = st.lists(st.text(min_size=1, max_size=30), min_size=2, max_size=40)
mutation = st.sampled_from(["edit", "delete", "insert", "swap", "rehash_tail"])


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bodies=bodies, kind=mutation, data=st.data())
def test_random_mutations_are_always_detected(bodies, kind, data):
    rows, checkpoints, public = _make_trail(bodies)
    assert _check(rows, checkpoints, public).ok
    index = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    if kind == "edit":
        rows[index][1] += data.draw(st.text(min_size=1, max_size=5))
    elif kind == "delete":
        del rows[index]
    elif kind == "insert":
        body = data.draw(st.text(min_size=1, max_size=10))
        prev = bytes.fromhex(rows[index - 1][2]) if index else chain.GENESIS
        rows.insert(index, [index + 1, body, chain.event_hash(prev, index + 1, body).hex(), ""])
        for later in rows[index + 1 :]:
            later[0] += 1
    elif kind == "swap":
        other = data.draw(st.integers(min_value=0, max_value=len(rows) - 1).filter(lambda i: i != index))
        if rows[index][1] == rows[other][1]:
            rows[index][1] += "x"  # identical bodies: make the swap a real change
        rows[index][1:], rows[other][1:] = rows[other][1:], rows[index][1:]
    else:  # rewrite from index on, recomputing every hash consistently
        rows[index][1] += "!"
        prev = bytes.fromhex(rows[index - 1][2]) if index else chain.GENESIS
        for row in rows[index:]:
            prev = chain.event_hash(prev, row[0], row[1])
            row[2] = prev.hex()
    assert not _check(rows, checkpoints, public).ok
