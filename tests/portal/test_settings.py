import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "k9#Qz!2vLp8@wX4rT7-bN1mY6^cF3jH0sD5gA%eU8iO2lK7zRq",
    "ALLOWED_HOSTS": "records.example.com",
    "DATABASE_URL": "sqlite:////tmp/liuhen-deploy-check.sqlite3",
    "TRAIL_SIGNING_KEY": "t" * 64,
    "WAGTAILADMIN_BASE_URL": "https://records.example.com",
}


def manage(*args, env):
    # Nothing from the test process leaks in (the browser tests relax async checks).
    leaked = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in leaked}
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_its_secrets():
    for missing in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "TRAIL_SIGNING_KEY"):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = manage("check", env=env)
        assert result.returncode != 0
        assert "will not start in production" in result.stderr
        assert missing in result.stderr


def test_production_check_deploy_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert result.stderr == ""


def test_production_serves_static_files_with_whitenoise_right_after_security():
    code = "from django.conf import settings as s; print(s.MIDDLEWARE[:2]); print(s.STORAGES['staticfiles'])"
    result = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert (
        "'django.middleware.security.SecurityMiddleware', 'whitenoise.middleware.WhiteNoiseMiddleware'"
        in result.stdout
    )
    assert "CompressedManifestStaticFilesStorage" in result.stdout
