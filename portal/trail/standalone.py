"""Check a trail: the hash chain, the checkpoints and their signatures.

This module needs neither Django nor the database. ``python -m
portal.trail.standalone export.jsonl --public-key KEY`` checks a file written by
``manage.py trail export``; ``--proof proof.json`` checks an inclusion proof
written by ``manage.py trail prove SEQ``; ``--dossier dossier.zip`` checks a
record's dossier (its manifest, its files and the inclusion proofs of its
events; see :func:`verify_dossier`). An external auditor needs this file,
``chain.py`` and the public key — nothing else from the portal.

Exit status 0 and ``OK <events> events, head <hash>`` when everything holds;
exit status 1 and the first bad sequence number with the reason otherwise.
"""

import argparse
import hashlib
import json
import os
import sys
import zipfile
from dataclasses import dataclass, field

try:
    from . import chain
except ImportError:  # run as a plain script next to chain.py
    import chain


def _(text):
    """Marks a reason for the portal's catalogues; this tool itself prints English."""
    return text


REASONS = {
    "hash": _("hash mismatch: the event was changed"),
    "gap": _("gap: events are missing"),
    "order": _("sequence out of order: events were inserted or swapped"),
    "head_signature": _("the last event's seal signature is missing or invalid"),
    "checkpoint_signature": _("checkpoint signature invalid"),
    "checkpoint_key": _("checkpoint signed by an unknown key"),
    "checkpoint_head": _("checkpoint does not match the chain head"),
    "checkpoint_root": _("checkpoint does not match the Merkle root"),
    "checkpoint_beyond": _("checkpoint beyond the end of the trail: events were removed"),
    "columns": _("a searchable column disagrees with the sealed content"),
    "source_changed": _("the mirrored source row was changed"),
    "source_missing": _("the mirrored source row was deleted without a trace"),
    "source_unsealed": _("a source row has no trail event: an event was removed"),
    "live_changed": _("a live record differs from its latest sealed version"),
    "live_unversioned": _("a live record has no sealed version: it was made below the application"),
    "unsealed_event": _("an event is neither sealed nor waiting to be: it was taken out of the queue"),
}

DOSSIER_REASONS = {
    "not_a_dossier": _("not a dossier: the manifest is missing or unreadable"),
    "file_changed": _("the file differs from the manifest"),
    "file_missing": _("a file named in the manifest is missing"),
    "file_unlisted": _("a file is not named in the manifest"),
    "dossier_key": _("the dossier's public key is not the portal's"),
    "proof": _("an inclusion proof does not check"),
}


@dataclass(order=True)
class Problem:
    seq: int
    reason: str = field(compare=False)
    note: str = field(default="", compare=False)

    def describe(self, translate=str):
        """``seq N: reason (note)``; ``translate`` is gettext inside the portal."""
        return f"seq {self.seq}: {translate(REASONS[self.reason])}" + (f" ({self.note})" if self.note else "")


@dataclass
class Report:
    events: int = 0
    head: str = chain.GENESIS.hex()
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    @property
    def first_problem(self):
        return min(self.problems) if self.problems else None


def link_checks(rows, prev):
    """(seq, body, hash hex, signature) rows → the rows :meth:`ChainChecker.feed_linked`
    takes, hashing each event onto the stored hash before it (``prev``; None:
    unknown, as after a missing event). Each link is checked from the *stored*
    hash before it, so that every changed event is named, not only the first."""
    sha256 = hashlib.sha256
    for seq, body, stored_hex, signature in rows:
        try:
            stored = bytes.fromhex(stored_hex)
        except (TypeError, ValueError):
            stored = b""
        linked = (
            None if prev is None else sha256(prev + seq.to_bytes(8, "big") + body.encode()).digest() == stored
        )
        yield seq, linked, stored, signature
        prev = stored


class ChainChecker:
    """Feed events in sequence order, then call :meth:`finish`.

    ``checkpoints``: dicts with size, head_hash, root_hash, at, key_id,
    public_key, signature. ``trusted_keys``: ``{key_id: public key bytes}``;
    when None, each checkpoint's own public key is taken on trust (say so).
    """

    def __init__(
        self,
        checkpoints=(),
        trusted_keys=None,
        start_seq=1,
        prev_hash=chain.GENESIS,
        frontier=None,
        check_signatures=True,
        defer_roots=False,
    ):
        self.report = Report()
        self.trusted_keys = trusted_keys
        self.expected = start_seq
        self.prev = prev_hash
        self.frontier = frontier  # None: Merkle roots cannot be checked (partial export)
        self.checkpoints = sorted(checkpoints, key=lambda c: c["size"])
        # Checkpoints before a partial export's first event: signatures only.
        self._next_checkpoint = sum(1 for c in self.checkpoints if c["size"] < start_seq)
        self._last_signature = None
        # A range of a parallel check knows only its own subtree: it hands the
        # frontier at each checkpoint to the checker that absorbs it.
        self.defer_roots = defer_roots
        self.deferred_roots = {}
        if check_signatures:
            self._check_signatures()

    def _problem(self, seq, reason, note=""):
        self.report.problems.append(Problem(seq, reason, note))

    def _check_signatures(self):
        for cp in self.checkpoints:
            public_key = chain.unb64(cp["public_key"])
            if self.trusted_keys is not None and self.trusted_keys.get(cp["key_id"]) != public_key:
                self._problem(cp["size"], "checkpoint_key", f"key {cp['key_id']}")
                continue
            message = chain.checkpoint_message(cp["size"], cp["head_hash"], cp["root_hash"], cp["at"])
            if not chain.verify_signature(public_key, cp["signature"], message):
                self._problem(cp["size"], "checkpoint_signature")

    def feed(self, rows):
        """``rows``: iterable of (seq, body, hash hex, seal signature)."""
        self.feed_linked(link_checks(rows, self.prev))

    def feed_linked(self, rows):
        """``rows``: iterable of (seq, linked, stored hash bytes, seal signature),
        where ``linked`` says whether the stored hash is SHA-256 of the stored
        hash before it, ``seq`` and the body (None: nothing to link to). The
        link check comes from :func:`link_checks` or from the database itself.

        The hot loop of verification: the Merkle frontier is inlined (see
        :meth:`chain.Frontier.append`)."""
        sha256 = hashlib.sha256
        frontier = self.frontier
        nodes = frontier.nodes if frontier is not None else None
        expected, stored = self.expected, self.prev
        checkpoints, cp_index = self.checkpoints, self._next_checkpoint
        next_cp = checkpoints[cp_index]["size"] if cp_index < len(checkpoints) else -1
        for seq, linked, stored, signature in rows:
            if seq != expected:
                self._problem(expected if seq > expected else seq, "gap" if seq > expected else "order")
                expected = seq
            if linked is False:
                self._problem(seq, "hash")
            if nodes is not None:
                node, height = sha256(b"\x00" + stored).digest(), 0
                while nodes and nodes[-1][0] == height:
                    node = sha256(b"\x01" + nodes.pop()[1] + node).digest()
                    height += 1
                nodes.append((height, node))
                frontier.size += 1
            if signature:
                self._last_signature = (seq, stored.hex(), signature)
            if seq == next_cp:
                self._check_checkpoint(checkpoints[cp_index], stored.hex())
                cp_index += 1
                next_cp = checkpoints[cp_index]["size"] if cp_index < len(checkpoints) else -1
            expected += 1
        self.prev, self.expected, self._next_checkpoint = stored, expected, cp_index

    def absorb(self, part):
        """Take over the findings of a checker that checked the next range
        (which started at a multiple of a power of two at least its length)."""
        if self.frontier is not None:
            by_size = {cp["size"]: cp for cp in self.checkpoints}
            for size, nodes in part.deferred_roots.items():
                root = chain.Frontier(nodes=[*self.frontier.nodes, *nodes]).root()
                if root.hex() != by_size[size]["root_hash"]:
                    self._problem(size, "checkpoint_root")
            for height, node in part.frontier.nodes:
                self.frontier.push(height, node)
        self.report.problems.extend(part.report.problems)
        self.prev, self.expected = part.prev, part.expected
        self._last_signature = part._last_signature or self._last_signature
        while (
            self._next_checkpoint < len(self.checkpoints)
            and self.checkpoints[self._next_checkpoint]["size"] < self.expected
        ):
            self._next_checkpoint += 1

    def _check_checkpoint(self, cp, head_hex):
        if cp["head_hash"] != head_hex:
            self._problem(cp["size"], "checkpoint_head")
        if self.frontier is None:
            return
        if self.defer_roots:
            self.deferred_roots[cp["size"]] = list(self.frontier.nodes)
        elif self.frontier.root().hex() != cp["root_hash"]:
            self._problem(cp["size"], "checkpoint_root")

    def finish(self, public_key=None, end_seq=None):
        """``end_seq``: the last event this checker was given to check (a
        range of a parallel verification); events missing up to it are a gap."""
        if end_seq is not None and self.expected <= end_seq:
            self._problem(self.expected, "gap")
            self.expected = end_seq + 1
        last_seq = self.expected - 1
        for cp in self.checkpoints[self._next_checkpoint :]:
            self._problem(max(cp["size"], 1), "checkpoint_beyond", f"checkpoint of {cp['size']} events")
        if last_seq >= 1 and public_key is not None:
            signed = self._last_signature
            if (
                signed is None
                or signed[0] != last_seq
                or not chain.verify_signature(public_key, signed[2], chain.head_message(signed[0], signed[1]))
            ):
                self._problem(last_seq, "head_signature")
        self.report.events = last_seq
        self.report.head = self.prev.hex()
        return self.report


# --- Files --------------------------------------------------------------------


def _read_export(path):
    meta, events, checkpoints = None, [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            item = json.loads(line)
            kind = item.get("type")
            if kind == "meta":
                meta = item
            elif kind == "event":
                events.append((item["seq"], item["body"], item["hash"], item.get("seal_signature", "")))
            elif kind == "checkpoint":
                checkpoints.append(item)
    if meta is None:
        raise ValueError("not a Liuhen trail export (no meta line)")
    return meta, events, checkpoints


def _load_public_key(value):
    if value and os.path.exists(value):
        with open(value, encoding="utf-8") as handle:
            value = handle.read().strip()
    return chain.unb64(value) if value else None


def verify_export(path, public_key=None):
    meta, events, checkpoints = _read_export(path)
    trusted = {chain.key_id(public_key): public_key} if public_key else None
    frontier = chain.Frontier.from_json(meta["frontier"]) if meta.get("frontier") is not None else None
    checker = ChainChecker(
        checkpoints,
        trusted_keys=trusted,
        start_seq=meta.get("since", 1),
        prev_hash=bytes.fromhex(meta.get("prev_hash", chain.GENESIS.hex())),
        frontier=frontier,
    )
    checker.feed(events)
    head_key = public_key or (chain.unb64(meta["public_key"]) if meta.get("public_key") else None)
    return checker.finish(public_key=head_key)


def verify_proof(proof, public_key=None):
    """Check an inclusion proof; returns a list of problems (empty = valid)."""
    problems = []
    cp = proof["checkpoint"]
    key = public_key or chain.unb64(cp["public_key"])
    message = chain.checkpoint_message(cp["size"], cp["head_hash"], cp["root_hash"], cp["at"])
    if not chain.verify_signature(key, cp["signature"], message):
        problems.append(Problem(cp["size"], "checkpoint_signature"))
    leaf = chain.event_hash(bytes.fromhex(proof["prev_hash"]), proof["seq"], proof["body"])
    if leaf.hex() != proof["hash"]:
        problems.append(Problem(proof["seq"], "hash"))
    try:
        root = chain.root_from_inclusion_path(
            leaf, proof["seq"] - 1, cp["size"], [bytes.fromhex(h) for h in proof["path"]]
        )
    except ValueError as error:
        problems.append(Problem(proof["seq"], "checkpoint_root", str(error)))
    else:
        if root.hex() != cp["root_hash"]:
            problems.append(Problem(proof["seq"], "checkpoint_root"))
    return problems


# --- Dossiers -----------------------------------------------------------------

DOSSIER_MANIFEST = "manifest.json"
DOSSIER_PROOFS = "trail/proofs.json"
DOSSIER_PUBLIC_KEY = "public-key.txt"


@dataclass
class DossierReport:
    files: int = 0
    proofs: int = 0
    checkpoint: int = 0
    problems: list = field(default_factory=list)  # [(path, reason key, note)]

    @property
    def ok(self):
        return not self.problems

    def describe(self, problem, translate=str):
        path, reason, note = problem
        return f"{path}: {translate(DOSSIER_REASONS[reason])}" + (f" ({note})" if note else "")


def verify_dossier(path, public_key=None):
    """Check a dossier ZIP: ``manifest.json`` names every other file with its
    size and SHA-256, and each matches; ``trail/proofs.json`` holds inclusion
    proofs that each check against their signed checkpoint; the key in
    ``public-key.txt`` is ``public_key`` (the portal's, given separately;
    when None, the ZIP's own key is taken on trust)."""
    report = DossierReport()
    problem = report.problems.append
    with zipfile.ZipFile(path) as archive:
        names = {info.filename for info in archive.infolist() if not info.is_dir()}
        try:
            manifest = json.loads(archive.read(DOSSIER_MANIFEST))
            listed = {entry["path"]: entry for entry in manifest["files"]}
        except (KeyError, ValueError, TypeError):
            problem((DOSSIER_MANIFEST, "not_a_dossier", ""))
            return report
        for name in sorted(names - set(listed) - {DOSSIER_MANIFEST}):
            problem((name, "file_unlisted", ""))
        for name, entry in sorted(listed.items()):
            if name not in names:
                problem((name, "file_missing", ""))
                continue
            data = archive.read(name)
            if len(data) != entry.get("size") or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                problem((name, "file_changed", ""))
        report.files = len(listed)
        try:
            own_key = chain.unb64(archive.read(DOSSIER_PUBLIC_KEY).decode().strip())
        except (KeyError, ValueError):
            own_key = None
        if public_key is not None and own_key != public_key:
            problem((DOSSIER_PUBLIC_KEY, "dossier_key", ""))
        key = public_key or own_key
        try:
            bundle = json.loads(archive.read(DOSSIER_PROOFS))
        except (KeyError, ValueError):
            problem((DOSSIER_PROOFS, "file_missing", ""))
            return report
    for proof in bundle.get("proofs", []):
        for found in verify_proof(proof, key):
            problem((DOSSIER_PROOFS, "proof", found.describe()))
        report.checkpoint = max(report.checkpoint, proof["checkpoint"]["size"])
    report.proofs = len(bundle.get("proofs", []))
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Verify a Liuhen trail export or inclusion proof.")
    parser.add_argument("export", nargs="?", help="JSONL file from `manage.py trail export`")
    parser.add_argument("--proof", help="JSON file from `manage.py trail prove SEQ`")
    parser.add_argument("--dossier", help="a dossier ZIP exported from the portal")
    parser.add_argument("--public-key", help="the portal's public key (base64, or a file holding it)")
    args = parser.parse_args(argv)
    public_key = _load_public_key(args.public_key)
    if public_key is None:
        print(
            "note: no --public-key given; signatures are checked against the key in the file itself",
            file=sys.stderr,
        )
    if args.dossier:
        report = verify_dossier(args.dossier, public_key)
        if not report.ok:
            for problem in report.problems[:20]:
                print("FAIL " + report.describe(problem))
            return 1
        proved = (
            f"{report.proofs} events are in the checkpoint of {report.checkpoint} events"
            if report.proofs
            else "no trail events to prove"
        )
        print(f"OK {report.files} files match the manifest; {proved}")
        return 0
    if args.proof:
        with open(args.proof, encoding="utf-8") as handle:
            proof = json.load(handle)
        problems = verify_proof(proof, public_key)
        if problems:
            print("FAIL " + min(problems).describe())
            return 1
        print(f"OK event {proof['seq']} is in the checkpoint of {proof['checkpoint']['size']} events")
        return 0
    if not args.export:
        parser.error("give an export file or --proof")
    report = verify_export(args.export, public_key)
    if not report.ok:
        print("FAIL " + report.first_problem.describe())
        for problem in sorted(report.problems)[1:20]:
            print("     " + problem.describe())
        return 1
    print(f"OK {report.events} events, head {report.head}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
