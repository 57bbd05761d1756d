"""Settings for a developer's machine and the embedded demo (``make run``)."""

import secrets

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY, TRAIL_SIGNING_KEY


def _kept_secret(name, make):
    """A secret made once and kept in the data folder, so sessions and trail
    signatures survive restarts; production.py requires real ones instead."""
    path = DATA_DIR / name
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = True
if not SECRET_KEY:
    SECRET_KEY = _kept_secret("secret_key", lambda: secrets.token_urlsafe(50))
if not TRAIL_SIGNING_KEY:
    TRAIL_SIGNING_KEY = _kept_secret("trail_signing_key", lambda: secrets.token_urlsafe(32))

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
