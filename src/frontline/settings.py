"""Django settings, read from the environment once, here and nowhere else.

`FRONTLINE_ENV` chooses the profile: `development` (the default; DEBUG on, the demo secret key allowed),
`test`, or `production` (DEBUG off, secure cookies and HSTS, a real secret key required).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("FRONTLINE_HOME", Path.cwd())).resolve()
VAR_DIR = PROJECT_DIR / "var"

ENVIRONMENT = os.environ.get("FRONTLINE_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"FRONTLINE_ENV must be development, test or production, not {ENVIRONMENT!r}")
IS_PRODUCTION = ENVIRONMENT == "production"

# The key the demo runs with. It is public, so `frontline serve` refuses to start with it.
DEMO_SECRET_KEY = "frontline-demo-key-not-secret-do-not-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("FRONTLINE_SECRET_KEY", "" if IS_PRODUCTION else DEMO_SECRET_KEY)
if IS_PRODUCTION and (not SECRET_KEY or SECRET_KEY == DEMO_SECRET_KEY):
    raise ImproperlyConfigured(
        "FRONTLINE_SECRET_KEY must be set to a long random value in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

DEBUG = os.environ.get("FRONTLINE_DEBUG", "1" if ENVIRONMENT == "development" else "0") == "1"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("FRONTLINE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("FRONTLINE_CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "treebeard",
    "frontline.core",
    "frontline.accounts",
    "frontline.customers",
    "frontline.cases",
    "frontline.assist",
    "frontline.authority",
    "frontline.surveys",
    "frontline.desk",
    "frontline.exchange",
    "frontline.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "frontline.urls"
WSGI_APPLICATION = "frontline.wsgi.application"
ASGI_APPLICATION = "frontline.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontline.accounts.context_processors.roles",
            ],
        },
    },
]

# SQLite by default, embedded in var/; PostgreSQL (or another database) by DATABASE_URL.
DEFAULT_SQLITE_PATH = VAR_DIR / "frontline.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        conn_max_age=int(os.environ.get("FRONTLINE_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameters let psycopg prepare the statements a connection runs often, so PostgreSQL
    # stops re-planning the same joins on every request.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite back end with writers queued on an OS lock (see frontline/core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "frontline.core.sqlite"
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so a writer never fails
    # half-way with "database is locked"; writers wait up to `timeout` seconds for each other. Connections
    # persist like PostgreSQL's: opening one and running the PRAGMAs each request costs more than the queries.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("FRONTLINE_SQLITE_TIMEOUT", "20")),
    }
    # Tests run in memory unless FRONTLINE_TEST_SQLITE names a file (said explicitly, since test runners
    # recognise an in-memory database only by Django's own engine name).
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("FRONTLINE_TEST_SQLITE", ":memory:")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if ENVIRONMENT == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for tests only

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["frontline.accounts.backends.RoleBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("FRONTLINE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
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
WHITENOISE_USE_FINDERS = not IS_PRODUCTION

# Tests run tasks at once, in the test's transaction; everywhere else they queue in the database.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "FRONTLINE_TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if ENVIRONMENT == "test"
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

EMAIL_TIMEOUT = int(os.environ.get("FRONTLINE_EMAIL_TIMEOUT", "10"))  # seconds; a hung mail server never stalls a task
EMAIL_BACKEND = os.environ.get("FRONTLINE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("FRONTLINE_FROM_EMAIL", "frontline@localhost")
if os.environ.get("FRONTLINE_EMAIL_HOST"):
    EMAIL_HOST = os.environ["FRONTLINE_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("FRONTLINE_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("FRONTLINE_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("FRONTLINE_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = True

# The currency money is kept in when a row does not say.
FRONTLINE_DEFAULT_CURRENCY = os.environ.get("FRONTLINE_DEFAULT_CURRENCY", "CAD")
# The address customers reach this installation at: survey links in e-mails and phone flows start with it.
FRONTLINE_PUBLIC_URL = os.environ.get("FRONTLINE_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Twilio signs the requests of a phone survey with this token; when set, unsigned requests are refused.
TWILIO_AUTH_TOKEN = os.environ.get("FRONTLINE_TWILIO_AUTH_TOKEN", "")
# How many proxies in front of Frontline append to X-Forwarded-For: the sender's address (for the public page's
# rate limit) is read that many entries from the right. 0 trusts no header and uses the connection's address.
FRONTLINE_PROXY_HOPS = int(os.environ.get("FRONTLINE_PROXY_HOPS", "0"))
# How long a stored idempotency key answers a retried POST.
FRONTLINE_IDEMPOTENCY_TTL_HOURS = 24

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("FRONTLINE_SSL_REDIRECT", "1") == "1"
    if not SECURE_SSL_REDIRECT:
        # Turned off on purpose: the proxy in front terminates TLS and redirects plain HTTP itself.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("FRONTLINE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FRONTLINE_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Agent assist: where the similar-case index's snapshots live, an optional schema file replacing the default
# (see frontline/assist/records.py), and how many labelled cases learning looks at (memory grows with its square).
ASSIST_INDEX_DIR = Path(os.environ.get("FRONTLINE_ASSIST_INDEX_DIR", VAR_DIR / "assist-index"))
ASSIST_SCHEMA_FILE = os.environ.get("FRONTLINE_ASSIST_SCHEMA") or None
ASSIST_LEARNING_CASES = int(os.environ.get("FRONTLINE_ASSIST_LEARNING_CASES", "8000"))
