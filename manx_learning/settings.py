"""Manx Learning settings: one module, driven by the environment.

Environment variables (all optional outside production):

- ``MANX_ENV``: ``development`` (default), ``demo`` or ``production``.
- ``DATABASE_URL``: e.g. ``postgres://user@host:5432/name``; by default the SQLite file
  ``var/manx-learning.sqlite3``.
- ``SECRET_KEY``, ``DEBUG``, ``ALLOWED_HOSTS`` (comma-separated), ``CSRF_TRUSTED_ORIGINS``.
- ``EMAIL_URL``-style settings: ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
  ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``; ``EMAIL_BACKEND`` to override.
- ``SESSION_IDLE_MINUTES`` (default 30), ``SESSION_ABSOLUTE_HOURS`` (default 12),
  ``AXES_FAILURE_LIMIT`` (default 5), ``AXES_COOLOFF_MINUTES`` (default 30), ``MEDIA_ROOT``,
  ``STATIC_ROOT``, ``LOG_LEVEL``.
- ``PASSWORD_HASH_THREADS`` (default 2 per process) and ``PASSWORD_HASH_NICENESS`` (default 10):
  the low-priority threads that check passwords (``manx_learning.accounts.hashers``).
- Document limits (docs/anonymiser.md, "Limits"), applied to report uploads, anonymisation runs
  and ``manx-learning anonymise`` alike: ``DOCUMENT_TEXT_MAX_CHARS`` (default 2,000,000: text
  extracted from one document; the longest SCMR final reports, 150 pages, are about 500,000),
  ``DOCUMENT_DOCX_MAX_XML_BYTES`` (default 20 MB: a .docx's XML unzipped, checked before it is
  parsed), ``DOCUMENT_DOCX_MAX_UNZIPPED_BYTES`` (default 100 MB: every part of a .docx unzipped,
  pictures included), ``DOCUMENT_PDF_MAX_PAGES`` (default 1,000).
- Chronology limits (docs/chronology.md, "Limits"): ``CHRONOLOGY_MAX_ROWS`` (default 20,000
  entries stored per review; an import that would pass it is refused), ``PDF_MAX_ENTRIES``
  (default 2,000 entries per PDF export), and the sizes above which the work runs in the task
  worker instead of the request: ``CHRONOLOGY_INLINE_IMPORT_ROWS`` (default 2,000 rows),
  ``CHRONOLOGY_INLINE_EXPORT_ROWS`` (default 5,000 rows of Excel), ``PDF_INLINE_ENTRIES``
  (default 200 entries); ``JOB_RESULT_HOURS`` (default 24): how long a background job's
  download is kept.

Production is guarded by system checks in ``manx_learning.core.checks`` and
``manx_learning.accounts.checks`` (no demo accounts).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MANX_VAR_DIR", BASE_DIR / "var"))

DEFAULT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105 - refused in production


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


MANX_ENV = os.environ.get("MANX_ENV", "development").strip().lower()
IS_PRODUCTION = MANX_ENV == "production"

SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=MANX_ENV == "development")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# How many reverse proxies in front of the app append to X-Forwarded-For (0: use the peer address).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# A cache shared by every app server, so rate limits count across all of them. Empty: each
# process has its own (fine for one server); "db": a table in the database (run
# `manx-learning createcachetable`); "redis://host:6379/0": Redis.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "manx",
        }
    }
elif CACHE_URL == "db":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "manx_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

BOARD_NAME = os.environ.get("BOARD_NAME", "Isle of Man Safeguarding Board")
SERVICE_NAME = "Manx Learning"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks_db",
    "manx_learning.core",
    "manx_learning.accounts",
    "manx_learning.vocabulary",
    "manx_learning.reviews",
    "manx_learning.actions",
    "manx_learning.publishing",
    "manx_learning.briefings",
    "manx_learning.assurance",
    "manx_learning.audits",
    "manx_learning.surveys",
    "manx_learning.dataset",
    "manx_learning.board",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "manx_learning.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "manx_learning.core.middleware.SignedInPagesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "manx_learning.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Axes must be last: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "manx_learning.urls"
WSGI_APPLICATION = "manx_learning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "manx_learning.core.context_processors.service",
                "manx_learning.board.context_processors.navigation",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'manx-learning.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web process read while the task worker writes; the timeout waits out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first, so locked-out credentials are refused before they are checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "board:dashboard"
LOGOUT_REDIRECT_URL = "board:home"

# Sessions end after a period of inactivity: every request pushes the expiry forward.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# However active, a session ends this long after sign-in (core.middleware.SignedInPagesMiddleware).
SESSION_ABSOLUTE_HOURS = float(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
# Years after a review's learning is first published before its personal data is destroyed,
# by kind (board.retention; docs/retention.md). A kind left out is kept.
RETENTION_YEARS = {
    "identifier_register": int(os.environ.get("RETENTION_REGISTER_YEARS", "2")),
    "chronology": int(os.environ.get("RETENTION_CHRONOLOGY_YEARS", "7")),
    "agency_submissions": int(os.environ.get("RETENTION_SUBMISSIONS_YEARS", "7")),
}
# Passwords: Django's PBKDF2-SHA256 at its default strength, hashed on low-priority threads so a
# sign-in burst does not hold up everyone else's pages (accounts/hashers.py, docs/performance.md).
PASSWORD_HASHERS = [
    "manx_learning.accounts.hashers.LowPriorityPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_HASH_THREADS = int(os.environ.get("PASSWORD_HASH_THREADS", "2"))
PASSWORD_HASH_NICENESS = int(os.environ.get("PASSWORD_HASH_NICENESS", "10"))
# Password-reset e-mails to one address in an hour (accounts.services).
PASSWORD_RESET_EMAILS_PER_HOUR = int(os.environ.get("PASSWORD_RESET_EMAILS_PER_HOUR", "3"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day, in seconds

# Lock-out after repeated failures (django-axes), by user name and IP together so one attacker
# cannot lock every account from one address, nor spray one account from many.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Two-factor authentication: required for staff roles (all but practitioner) in production;
# optional in demo and development.
OTP_TOTP_ISSUER = "Manx Learning"
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=IS_PRODUCTION)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/Isle_of_Man"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "build" / "collected"))
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "uploads"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

# Documents the anonymiser reads (report uploads, anonymisation runs, `manx-learning anonymise`):
# see docs/anonymiser.md, "Limits". A document beyond one is refused with a message naming it.
DOCUMENT_TEXT_MAX_CHARS = int(os.environ.get("DOCUMENT_TEXT_MAX_CHARS", "2000000"))
DOCUMENT_DOCX_MAX_XML_BYTES = int(
    os.environ.get("DOCUMENT_DOCX_MAX_XML_BYTES", str(20 * 1024 * 1024))
)
DOCUMENT_DOCX_MAX_UNZIPPED_BYTES = int(
    os.environ.get("DOCUMENT_DOCX_MAX_UNZIPPED_BYTES", str(100 * 1024 * 1024))
)
DOCUMENT_PDF_MAX_PAGES = int(os.environ.get("DOCUMENT_PDF_MAX_PAGES", "1000"))

# Public survey links (see docs/surveys.md): answers per survey per client address per hour, the
# fewest seconds a person could take to answer, and the largest submission accepted.
SURVEY_RATE_LIMIT_PER_HOUR = int(os.environ.get("SURVEY_RATE_LIMIT_PER_HOUR", "30"))
SURVEY_MIN_FILL_SECONDS = int(os.environ.get("SURVEY_MIN_FILL_SECONDS", "3"))
SURVEY_MAX_BODY_BYTES = int(os.environ.get("SURVEY_MAX_BODY_BYTES", str(64 * 1024)))

# Chronology and background-job limits (docs/chronology.md, "Limits"). A large real SCMR
# chronology has a few thousand entries, so 20,000 per review leaves ample room while keeping
# the same-event linking, the page and the exports within the 10 s / 512 MB request budget.
# A PDF costs WeasyPrint about 12 ms and 130 KB per entry, so 2,000 (about 25 s and 400 MB, in
# the worker) is the most it is asked for; a longer chronology is filtered or exported as Excel.
# Imports and Excel exports above the INLINE figures, and PDFs above PDF_INLINE_ENTRIES, run in
# the task worker with progress on /jobs/<code>/; finished results are kept JOB_RESULT_HOURS.
# Figures: docs/performance.md ("Chronology limits").
CHRONOLOGY_MAX_ROWS = int(os.environ.get("CHRONOLOGY_MAX_ROWS", "20000"))
CHRONOLOGY_INLINE_IMPORT_ROWS = int(os.environ.get("CHRONOLOGY_INLINE_IMPORT_ROWS", "2000"))
CHRONOLOGY_INLINE_EXPORT_ROWS = int(os.environ.get("CHRONOLOGY_INLINE_EXPORT_ROWS", "5000"))
PDF_MAX_ENTRIES = int(os.environ.get("PDF_MAX_ENTRIES", "2000"))
PDF_INLINE_ENTRIES = int(os.environ.get("PDF_INLINE_ENTRIES", "200"))
JOB_RESULT_HOURS = int(os.environ.get("JOB_RESULT_HOURS", "24"))


# Action reminders: before the due date, when overdue, and escalation to the business unit.
ACTION_REMINDER_DAYS_BEFORE = int(os.environ.get("ACTION_REMINDER_DAYS_BEFORE", "14"))
ACTION_ESCALATE_AFTER_DAYS = int(os.environ.get("ACTION_ESCALATE_AFTER_DAYS", "28"))
# The hour (local time) at which the worker sends the day's reminders.
REMINDER_HOUR = int(os.environ.get("REMINDER_HOUR", "7"))

# Performance dataset returns: due this many working days after the period ends; data officers are
# reminded this many days before the deadline; agency systems may call the API this often.
DATASET_RETURN_DEADLINE_WORKING_DAYS = int(
    os.environ.get("DATASET_RETURN_DEADLINE_WORKING_DAYS", "15")
)
DATASET_REMINDER_DAYS_BEFORE = int(os.environ.get("DATASET_REMINDER_DAYS_BEFORE", "5"))
DATASET_API_REQUESTS_PER_MINUTE = int(os.environ.get("DATASET_API_REQUESTS_PER_MINUTE", "60"))
# Making Data Count run lengths (points in a shift or a trend), how many recent periods the
# emerging-trends page looks back, and the open-data small-number threshold (counts from 1 to
# this minus 1 are shown as "<5").
SPC_SHIFT_LENGTH = int(os.environ.get("SPC_SHIFT_LENGTH", "7"))
SPC_TREND_LENGTH = int(os.environ.get("SPC_TREND_LENGTH", "7"))
DATASET_RECENT_PERIODS = int(os.environ.get("DATASET_RECENT_PERIODS", "6"))
OPEN_DATA_SUPPRESS_BELOW = int(os.environ.get("OPEN_DATA_SUPPRESS_BELOW", "5"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail (Django 6.1 MAILERS). The console backend in development and demo, SMTP in production.
_MAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
_MAIL_OPTIONS: dict[str, object] = {}
if _MAIL_BACKEND.endswith("smtp.EmailBackend"):
    _MAIL_OPTIONS = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        "timeout": 30,
    }
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Manx Learning <no-reply@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security headers. CSP with nonces: no inline script runs without the request's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Structured logging: one JSON object per line on stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "manx_learning.core.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": [], "propagate": False},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO; only its problems are worth a line.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Outside production WhiteNoise serves straight from the build folder, so `make run` needs no
# collectstatic; production serves the hashed, compressed copies made by `collectstatic`.
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
