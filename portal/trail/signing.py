"""The server key that signs checkpoints and seal heads (Ed25519).

Ed25519 rather than HMAC: an external auditor checks signatures with the
public key alone and cannot forge one; HMAC would need the secret to verify.
``TRAIL_SIGNING_KEY`` may be a PEM private key, 32 bytes in base64, or any
secret phrase (its SHA-256 becomes the key seed).
"""

import binascii
import hashlib
from base64 import b64decode
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import chain


@lru_cache(maxsize=4)
def _private_key(secret):
    if not secret:
        raise ImproperlyConfigured("TRAIL_SIGNING_KEY is not set.")
    if secret.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(secret.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("TRAIL_SIGNING_KEY must be an Ed25519 key.")
        return key
    try:
        raw = b64decode(secret, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raw = hashlib.sha256(secret.encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(raw)


def private_key():
    return _private_key(settings.TRAIL_SIGNING_KEY)


def public_key_bytes():
    return (
        private_key()
        .public_key()
        .public_bytes(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)
    )


def key_id():
    return chain.key_id(public_key_bytes())


def sign(message):
    return chain.b64(private_key().sign(message))


def trusted_public_keys():
    """The current public key and any earlier ones (after a key rotation)."""
    keys = {key_id(): public_key_bytes()}
    for text in settings.TRAIL_PREVIOUS_PUBLIC_KEYS:
        raw = b64decode(text)
        keys[chain.key_id(raw)] = raw
    return keys


def generate_secret():
    """A new key as base64 (for TRAIL_SIGNING_KEY)."""
    from base64 import b64encode

    return b64encode(
        Ed25519PrivateKey.generate().private_bytes(
            encoding=serialization.Encoding.Raw,
            format=serialization.PrivateFormat.Raw,
            encryption_algorithm=serialization.NoEncryption(),
        )
    ).decode()
