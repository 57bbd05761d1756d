"""Settings for a developer's machine and the embedded demo (``make run``)."""

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY

DEBUG = True
# A fixed key kept in the data folder, so sessions survive restarts and no two
# processes disagree; never used in production (production.py requires one).
if not SECRET_KEY:
    _key_file = DATA_DIR / "secret_key"
    if not _key_file.exists():
        import secrets

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
