"""Settings shared by every environment.

Every environment variable the portal reads is declared here, once, with its
type and default; ``production.py`` removes the defaults of the secrets.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_str(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name, default=()):
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Environment (see the table in README.md) --------------------------------
DATA_DIR = Path(env_str("LIUHEN_DATA_DIR", str(BASE_DIR / "var")))
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'liuhen.sqlite3'}")
CACHE_URL = env_str("CACHE_URL")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "liuhen@localhost")
TRAIL_SIGNING_KEY = env_str("TRAIL_SIGNING_KEY")
TRAIL_PREVIOUS_PUBLIC_KEYS = env_list("TRAIL_PREVIOUS_PUBLIC_KEYS")
TRAIL_SEAL_MODE = env_str("TRAIL_SEAL_MODE", "background")  # background | commit | periodic
TRAIL_SEAL_BATCH = env_int("TRAIL_SEAL_BATCH", 5000)
TRAIL_SEAL_DELAY = env_int("TRAIL_SEAL_DELAY_MS", 20) / 1000
# PostgreSQL: a sealer silent this long while holding the chain's lock loses it.
TRAIL_SEAL_LEASE = env_int("TRAIL_SEAL_LEASE_MS", 5000) / 1000
TRAIL_ALLOW_FLUSH = False
TRAIL_VERIFY_WORKERS = env_int("TRAIL_VERIFY_WORKERS", os.cpu_count() or 1)
TRAIL_VERIFY_PARALLEL_FROM = 100_000  # events; below this one process is quicker
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
CSP_REPORT_URI = env_str("CSP_REPORT_URI")
SIGNIN_MAX_FAILURES = env_int("SIGNIN_MAX_FAILURES", 5)
SIGNIN_LOCKOUT_SECONDS = env_int("SIGNIN_LOCKOUT_SECONDS", 900)
ACCESS_GRANT_MAX_DAYS = env_int("ACCESS_GRANT_MAX_DAYS", 90)
ACCESS_REFUSAL_FLAG_THRESHOLD = env_int("ACCESS_REFUSAL_FLAG_THRESHOLD", 5)
ACCESS_REFUSAL_FLAG_WINDOW = env_int("ACCESS_REFUSAL_FLAG_WINDOW", 600)
APPROVAL_REMINDER_AFTER_HOURS = env_int("APPROVAL_REMINDER_AFTER_HOURS", 24)
TRAINING_REMINDER_DAYS_BEFORE = env_int("TRAINING_REMINDER_DAYS_BEFORE", 3)

# --- Applications -------------------------------------------------------------
INSTALLED_APPS = [
    # portal.trail comes first: its flush and purge_revisions commands replace
    # Django's and Wagtail's, which would erase sealed history.
    "portal.trail",
    "portal.accounts",
    "portal.access",
    "portal.search",
    "portal.approvals",
    "home",
    "registers",
    "portal.accounts.apps.PortalUsersConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "reversion",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.http.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.trail.middleware.RequestTransactionMiddleware",
    "portal.trail.middleware.TrailMiddleware",
    "portal.accounts.middleware.UserLanguageMiddleware",
    "portal.script.TraditionalDisplayMiddleware",
    "portal.access.middleware.VisitPeriodMiddleware",
    "portal.accounts.middleware.TwoFactorRequiredMiddleware",
    "portal.access.middleware.AdminPageAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.http.RefusedInputMiddleware",
    "portal.access.middleware.DeletionRefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.http.csp_nonce",
            ],
            # How values read (local times, 是/否, —) and 繁體 display:
            # {% load formatting %} / {% load script %} in any template.
            "libraries": {"formatting": "portal.formatting", "script": "portal.script"},
        },
    },
]

# --- Data ---------------------------------------------------------------------
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; IMMEDIATE transactions
    # take the write lock up front so concurrent writers queue instead of
    # failing with "database is locked" half-way through a transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if CACHE_URL and CACHE_URL.startswith("redis://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    # A file cache is shared by every process on one machine (sign-in throttling
    # must count failures across gunicorn workers).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Accounts and sign-in -----------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["portal.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
OTP_TOTP_ISSUER = "Liuhen"
OTP_TOTP_THROTTLE_FACTOR = 1
# A code is accepted in its own 30-second step and at most one step either
# side (the device's tolerance), never by moving the device's clock: with
# drift sync on, each late code shifted the window further into the past.
OTP_TOTP_SYNC = False
OTP_STATIC_THROTTLE_FACTOR = 1
# After this many wrong codes in a row the account's devices are locked until
# someone from IT unlocks them; django-otp's exponential delay applies before.
OTP_MAX_FAILURES = env_int("OTP_MAX_FAILURES", 10)
# A sign-in (password and second factor) lasts this many hours from the moment
# the password was accepted, across browser restarts, so that a phone signed in
# in the morning files the evening's daily report without signing in again;
# then both factors again (portal/accounts/receivers.py).
SESSION_HOURS = env_int("SESSION_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

# --- Access (README, "Access") ----------------------------------------------
# Who reads each confidentiality level and who edits: the defaults are in
# portal/access/policy.py; set ACCESS_READERS / ACCESS_EDITORS here to change
# them (audience codes: everyone, department, heads, author, participants,
# leadership, archivists, internal_audit).
ACCESS_READERS = None
ACCESS_EDITORS = None

# --- Language and time --------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Work reports (registers.calendar) ----------------------------------------
# A daily report is due by this time (HH:MM) of each working day, in this zone.
DAILY_REPORT_DEADLINE = env_str("DAILY_REPORT_DEADLINE", "18:00")
DAILY_REPORT_TIME_ZONE = "Asia/Shanghai"
# run_periodic reminds authors from this time (HH:MM) of a working day until the
# deadline, and supervisors of reports unannotated for more than so many working days.
DAILY_REPORT_REMINDERS = env_bool("DAILY_REPORT_REMINDERS", True)
DAILY_REPORT_REMINDER_FROM = env_str("DAILY_REPORT_REMINDER_FROM", "16:00")
DAILY_REPORT_REVIEW_DAYS = env_int("DAILY_REPORT_REVIEW_DAYS", 2)
# A department's monthly report is due by the deadline of this working day of
# the next month (its head composes it from the staff's reports).
DEPARTMENT_REPORT_WORKING_DAYS = env_int("DEPARTMENT_REPORT_WORKING_DAYS", 3)
# What a 繁體 reader reads stored Simplified records in (docs/scripts.md):
# "tw", Taiwan wording (OpenCC s2twp: 软件 → 軟體), or "hk", Hong Kong (s2hk).
LIUHEN_TRADITIONAL_VARIANT = "tw"
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"  # Wagtail lifts it for its preview frame
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A refused form explained in the portal's own page (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "portal.http.csrf_failure"

# --- Wagtail ------------------------------------------------------------------
WAGTAIL_SITE_NAME = _("Liuhen records portal")
WAGTAIL_I18N_ENABLED = False
# Records go live only through their workflow's final approval (portal/approvals).
WAGTAIL_FINISH_WORKFLOW_ACTION = "portal.approvals.workflows.publish_approved"
# Segmented Chinese on top of the database backend (docs/search.md).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search.backend"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "doc",
    "xlsx",
    "xls",
    "pptx",
    "odt",
    "ods",
    "txt",
    "csv",
    "zip",
    "jpg",
    "png",
    "mp4",
    "mp3",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 50 * 1024 * 1024)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Files are records: they carry a department and a confidentiality level.
WAGTAILDOCS_DOCUMENT_MODEL = "access.RecordDocument"
WAGTAILIMAGES_IMAGE_MODEL = "access.RecordImage"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.access.forms.files.RecordDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.access.forms.files.RecordImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no outside services: avatars are local
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "UTC"]
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_LOGIN_URL = LOGIN_URL

EMAIL_SUBJECT_PREFIX = "[留痕] "
