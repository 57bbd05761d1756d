"""Settings for the pytest suite: fast, isolated, deterministic."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

_TMP = Path(tempfile.mkdtemp(prefix="liuhen-test-"))

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
TRAIL_SIGNING_KEY = os.environ.get("TRAIL_SIGNING_KEY") or "test-only-trail-key"
TRAIL_SEAL_MODE = os.environ.get("TRAIL_SEAL_MODE") or "commit"
TRAIL_ALLOW_FLUSH = True  # throw-away test databases only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = _TMP / "media"
STATIC_ROOT = _TMP / "static"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_AUTOREFRESH = True

# A file, not memory, so that the concurrency and crash tests' processes
# share the test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test.sqlite3")}  # noqa: F405

# A register used only by the tests of the access rule (tests/testapp).
# The translation check copies the project without tests/, hence the guard.
if (BASE_DIR / "tests" / "testapp").is_dir():  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
