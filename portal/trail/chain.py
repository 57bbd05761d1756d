"""The trail's cryptography, in plain Python with no Django and no database,
so that the standalone verifier and the portal compute exactly the same thing.

* An event's *body* is the canonical JSON of what happened (sorted keys, no
  spaces, UTF-8). It is written once, when the event is recorded.
* When sealed, event number ``seq`` gets
  ``hash = SHA-256(prev_hash ‖ seq as 8 bytes ‖ body)``: a hash chain, so
  changing, removing, inserting or reordering any event breaks every later hash.
* The event hashes are also the leaves of an RFC 6962 Merkle tree. A
  *checkpoint* signs (size, chain head, Merkle root, time) with Ed25519, and an
  inclusion proof shows one event belongs to a signed checkpoint with
  log2(size) hashes.
"""

import hashlib
import json
from base64 import b64decode, b64encode

GENESIS = bytes(32)
CHECKPOINT_CONTEXT = "liuhen-trail-checkpoint/v1"
HEAD_CONTEXT = "liuhen-trail-head/v1"


def canonical_json(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(prev_hash, seq, body):
    """``prev_hash`` bytes, ``seq`` int, ``body`` str → 32 bytes."""
    return hashlib.sha256(prev_hash + seq.to_bytes(8, "big") + body.encode()).digest()


# --- RFC 6962 Merkle tree -----------------------------------------------------


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


class Frontier:
    """The roots of the perfect subtrees covering the leaves so far, biggest
    first. Appending is amortised O(1); the root of the whole tree is O(log n)."""

    __slots__ = ("nodes", "size")

    def __init__(self, size=None, nodes=()):
        self.nodes = list(nodes)  # [(height, hash)], heights strictly decreasing
        self.size = sum(1 << height for height, _node in self.nodes) if size is None else size

    def append(self, data):
        self.push(0, leaf_hash(data))

    def push(self, height, node):
        """Add the root of a perfect subtree of ``2**height`` leaves that
        starts right after the leaves so far (at a multiple of its size)."""
        self.size += 1 << height
        nodes = self.nodes
        while nodes and nodes[-1][0] == height:
            node = node_hash(nodes.pop()[1], node)
            height += 1
        nodes.append((height, node))

    def root(self):
        if not self.nodes:
            return hashlib.sha256(b"").digest()
        root = self.nodes[-1][1]
        for _height, node in reversed(self.nodes[:-1]):
            root = node_hash(node, root)
        return root

    def to_json(self):
        return {"size": self.size, "nodes": [[h, n.hex()] for h, n in self.nodes]}

    @classmethod
    def from_json(cls, data):
        if not data:
            return cls()
        return cls(data["size"], [(h, bytes.fromhex(n)) for h, n in data["nodes"]])


def _largest_power_of_two_below(n):
    k = 1
    while k << 1 < n:
        k <<= 1
    return k


def merkle_root(leaves):
    frontier = Frontier()
    for leaf in leaves:
        frontier.append(leaf)
    return frontier.root()


def inclusion_path(leaves, index):
    """RFC 6962 audit path for leaf ``index`` in the tree of ``leaves``."""
    if len(leaves) == 1:
        return []
    k = _largest_power_of_two_below(len(leaves))
    if index < k:
        return [*inclusion_path(leaves[:k], index), merkle_root(leaves[k:])]
    return [*inclusion_path(leaves[k:], index - k), merkle_root(leaves[:k])]


def root_from_inclusion_path(leaf, index, size, path):
    """Recompute the root from a leaf and its audit path (RFC 9162 §2.1.3.2)."""
    if index >= size:
        raise ValueError("leaf index beyond tree size")
    fn, sn, node = index, size - 1, leaf_hash(leaf)
    for sibling in path:
        if sn == 0:
            raise ValueError("audit path too long")
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            node = node_hash(node, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("audit path too short")
    return node


# --- Signed statements --------------------------------------------------------


def checkpoint_message(size, head, root, at):
    return f"{CHECKPOINT_CONTEXT}\n{size}\n{head}\n{root}\n{at}".encode()


def head_message(seq, head):
    return f"{HEAD_CONTEXT}\n{seq}\n{head}".encode()


def b64(data):
    return b64encode(data).decode()


def unb64(text):
    return b64decode(text.encode())


def verify_signature(public_key_bytes, signature_b64, message):
    """True when ``signature_b64`` is a valid Ed25519 signature of ``message``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key_bytes).verify(unb64(signature_b64), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def key_id(public_key_bytes):
    """A short fingerprint that names a signing key."""
    return hashlib.sha256(public_key_bytes).hexdigest()[:16]
