"""Settings, read from the environment only (every variable is listed in docs/operations.md).

Local defaults are safe for a developer machine: SQLite under var/, DEBUG on, e-mail to the
console, files under var/media, tasks run inline, a per-process cache. Production sets
OCOP_ENV=production, which turns DEBUG off and every security setting on, and refuses to start
(ImproperlyConfigured, naming the variable) without PostgreSQL, Redis as the shared cache, a broker,
the public base URL, the storage settings and the keys; `manage.py check --deploy` then reports nothing.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("OCOP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and local media live here


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("OCOP_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

# What production refuses to start without: (variable, what it is for). Checked at the end of this file.
_missing: list[tuple[str, str]] = []


def require(name: str, why: str) -> None:
    if PRODUCTION:
        _missing.append((name, why))


DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when OCOP_ENV=production")
    SECRET_KEY = DEV_SECRET_KEY
# Old site keys, newest first, while sessions and password-reset links signed with them age out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")

# The key of the verification codes printed in QR stamps and certificates (ocop.certificates.codes):
# separate from SECRET_KEY, so rotating the site key never invalidates a printed stamp. Rotate it
# by moving the old value into OCOP_VERIFICATION_KEY_FALLBACKS (old stamps keep verifying).
OCOP_VERIFICATION_KEY = os.environ.get("OCOP_VERIFICATION_KEY", "")
if not OCOP_VERIFICATION_KEY:
    require("OCOP_VERIFICATION_KEY", "the key of printed verification codes (stamps, certificates)")
    OCOP_VERIFICATION_KEY = SECRET_KEY
OCOP_VERIFICATION_KEY_FALLBACKS = env_list("OCOP_VERIFICATION_KEY_FALLBACKS", "")

# Where the web server listens (ocop.gunicorn_conf, `make run`, `make dev`) and how many processes.
PORT = int(os.environ.get("PORT", "8000"))
OCOP_BIND_ADDRESS = os.environ.get("OCOP_BIND_ADDRESS", "127.0.0.1")
WEB_CONCURRENCY = int(os.environ.get("WEB_CONCURRENCY", "2"))
OCOP_WEB_THREADS = int(os.environ.get("OCOP_WEB_THREADS", "4"))

# The public address of the site (QR codes, e-mail links, allowed host), e.g. https://ocop.quangninh.gov.vn.
# Unset in development: the address actually served, http://127.0.0.1:<PORT>.
OCOP_PUBLIC_BASE_URL = os.environ.get("OCOP_PUBLIC_BASE_URL", "").rstrip("/")
if not OCOP_PUBLIC_BASE_URL:
    require("OCOP_PUBLIC_BASE_URL", "the public https:// address printed in QR codes and e-mails")
elif urlsplit(OCOP_PUBLIC_BASE_URL).scheme not in {"http", "https"} or not urlsplit(OCOP_PUBLIC_BASE_URL).hostname:
    raise ImproperlyConfigured(f"OCOP_PUBLIC_BASE_URL must be an http(s) address, not {OCOP_PUBLIC_BASE_URL!r}")
OCOP_SITE_URL = OCOP_PUBLIC_BASE_URL or f"http://127.0.0.1:{PORT}"
_public = urlsplit(OCOP_SITE_URL)

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", _public.hostname if PRODUCTION and OCOP_PUBLIC_BASE_URL else "127.0.0.1,localhost,testserver"
)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", f"{_public.scheme}://{_public.netloc}" if OCOP_PUBLIC_BASE_URL else ""
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "ninja",
    "ocop.core",
    "ocop.jobs",
    "ocop.geo",
    "ocop.accounts",
    "ocop.producers",
    "ocop.products",
    "ocop.criteria",
    "ocop.imports",
    "ocop.evaluations",
    "ocop.certificates",
    "ocop.stamps",
    "ocop.promotion",
    "ocop.trade",
    "ocop.catalog",
    "ocop.programme",
    "ocop.exchange",
    "ocop.demo",
]

MIDDLEWARE = [
    "ocop.core.middleware.RequestIdMiddleware",  # first: every log line of a request carries its id
    "ocop.core.middleware.ProbeMiddleware",  # /healthz, /readyz: before the HTTPS redirect and host checks
    "ocop.core.db_router.ReplicaMiddleware",  # public reads from the replica when one is set
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ocop.stamps.middleware.StampScanMiddleware",  # a stamp's scan from its run's stored page, before all below
    "ocop.core.page_store.StoredPageMiddleware",  # stored anonymous pages, before sessions and CSRF
    "ocop.core.shared_pages.SharedPageMiddleware",  # before sessions: /v/, /01/ without cookies or Vary
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop.core.middleware.ChosenLanguageMiddleware",
    "ocop.core.api_errors.ApiJsonErrorsMiddleware",  # /api/: every error answer in the API's JSON shape
    "ocop.core.middleware.ForbiddenCharactersMiddleware",  # no U+0000 or other control in any text
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocop.urls"
WSGI_APPLICATION = "ocop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ocop.core.context_processors.navigation",
                "ocop.core.context_processors.installation",
            ],
        },
    },
]


# Database: SQLite (WAL) under var/ unless DATABASE_URL names another.
def database_options(database: dict) -> dict:
    """psycopg's connection pool when OCOP_DB_POOL_SIZE is set (then Django keeps no connection itself)."""
    size = int(os.environ.get("OCOP_DB_POOL_SIZE", "0") or 0)
    if size <= 0:
        return dict(database.get("OPTIONS", {}))
    database["CONN_MAX_AGE"] = 0
    timeout = float(os.environ.get("OCOP_DB_POOL_TIMEOUT", "10"))
    return {**database.get("OPTIONS", {}), "pool": {"min_size": 1, "max_size": size, "timeout": timeout}}


DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    require("DATABASE_URL", "a PostgreSQL database, postgres://user:password@host:5432/name")
DATABASE_ROUTERS: list[str] = []  # ocop.core.db_router with a replica (below)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'ocop.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:  # PostgreSQL behind a pooler, with psycopg's pool, or with a read replica (docs/operations.md)
    DATABASES["default"]["OPTIONS"] = database_options(DATABASES["default"])
    OCOP_DB_POOLER = os.environ.get("OCOP_DB_POOLER", "")  # "transaction": pgbouncer in transaction mode
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = OCOP_DB_POOLER == "transaction"
    DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
    if DATABASE_REPLICA_URL:
        DATABASES["replica"] = {
            **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
            "CONN_HEALTH_CHECKS": True,
            "DISABLE_SERVER_SIDE_CURSORS": OCOP_DB_POOLER == "transaction",
            "TEST": {"MIRROR": "default"},
        }
        DATABASES["replica"]["OPTIONS"] = database_options(DATABASES["replica"])
        DATABASE_ROUTERS = ["ocop.core.db_router.ReplicaRouter"]
# Seconds after a write during which that visitor's reads stay on the primary (read-your-writes).
OCOP_REPLICA_STICKY_SECONDS = int(os.environ.get("OCOP_REPLICA_STICKY_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-axes: lock an account (username + IP) for a while after repeated wrong passwords.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Languages: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# Each app keeps its own catalogue in <app>/locale/ (found through INSTALLED_APPS).
LOCALE_PATHS: list = []
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("OCOP_STATIC_ROOT", VAR_DIR / "static"))
# Uploaded files are never served from a folder: every /media/<name> goes through ocop.core.media,
# which checks the policy and answers with X-Accel-Redirect (behind nginx) or streams the file.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("OCOP_MEDIA_ROOT", VAR_DIR / "media"))
# nginx's `internal` location that maps to MEDIA_ROOT (deploy/nginx/ocop.conf), e.g. /_protected/media/;
# empty = Django streams the file itself.
OCOP_MEDIA_X_ACCEL_PREFIX = os.environ.get("OCOP_MEDIA_X_ACCEL_PREFIX", "")

# Files: a private S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set, MEDIA_ROOT otherwise.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "")
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID", "")  # empty: boto3 finds the machine's role
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "ocop.core.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": AWS_S3_REGION_NAME or None,
            "access_key": AWS_ACCESS_KEY_ID or None,
            "secret_key": AWS_SECRET_ACCESS_KEY or None,
            "default_acl": None,
            "file_overwrite": False,
        },
    }
else:
    if "OCOP_MEDIA_ROOT" not in os.environ:
        require("AWS_STORAGE_BUCKET_NAME", "the S3 bucket of uploaded files (or OCOP_MEDIA_ROOT, a shared folder)")
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files anyone may fetch: "app.Model.field" → the selector of the rows that are public.
# Every other uploaded file is served only to a user the policy lets see its row (ocop.core.media).
OCOP_PUBLIC_FILES = {
    "products.ProductPhoto.image": "ocop.catalog.selectors.public_photos",
    "producers.Producer.logo": "ocop.catalog.selectors.public_producers",
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Jobs: Celery with a broker when CELERY_BROKER_URL is set, inline otherwise.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
if not CELERY_BROKER_URL:
    require("CELERY_BROKER_URL", "the job broker, e.g. redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# The outbox (ocop.core.outbox) publishes after the commit with no retries: a broker that is down
# costs a request at most about 2 s, and the job waits in the outbox. Every job has a time limit.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_TASK_TIME_LIMIT = 10 * 60

# Cache: Redis when REDIS_URL is set, local memory otherwise. Production requires Redis: page caches,
# revocations and rate limits must be the same on every web server.
REDIS_URL = os.environ.get("REDIS_URL", "")
OCOP_CACHE_PREFIX = os.environ.get("OCOP_CACHE_PREFIX", "ocop")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": OCOP_CACHE_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    require("REDIS_URL", "the shared cache of all web servers, e.g. redis://127.0.0.1:6379/1")
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Stamp scans (ocop.stamps.counter): counted on Redis and written to the database in batches every
# OCOP_STAMP_SCAN_FLUSH_SECONDS by each web process (0: only when the scan pages are read), or counted
# and written by the database in the request ("database", the default without Redis).
OCOP_STAMP_SCAN_COUNTER = os.environ.get("OCOP_STAMP_SCAN_COUNTER", "redis" if REDIS_URL else "database")
OCOP_STAMP_SCAN_REDIS_URL = os.environ.get("OCOP_STAMP_SCAN_REDIS_URL", REDIS_URL)
OCOP_STAMP_SCAN_FLUSH_SECONDS = float(os.environ.get("OCOP_STAMP_SCAN_FLUSH_SECONDS", "1"))

# Public endpoints (catalogue search, certificate verification, inquiries) are limited per client
# address, counted in the cache above. Behind a reverse proxy, name it here (addresses or networks,
# comma-separated): only then is its X-Forwarded-For believed (ocop.core.ratelimit).
OCOP_TRUSTED_PROXIES = env_list("OCOP_TRUSTED_PROXIES", "")
OCOP_RATE_SEARCH_PER_MINUTE = int(os.environ.get("OCOP_RATE_SEARCH_PER_MINUTE", "120"))
OCOP_RATE_VERIFICATION_PER_MINUTE = int(os.environ.get("OCOP_RATE_VERIFICATION_PER_MINUTE", "60"))
# Trade inquiries (the form and the API share the count): this many per window, per client address.
OCOP_TRADE_INQUIRY_LIMIT = int(os.environ.get("OCOP_TRADE_INQUIRY_LIMIT", "5"))
OCOP_TRADE_INQUIRY_WINDOW_SECONDS = int(os.environ.get("OCOP_TRADE_INQUIRY_WINDOW_SECONDS", "3600"))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OCOP <no-reply@ocop.localhost>")

# What runs when something happens in an app that others build on (ocop.core.hooks.run_hooks), in
# the caller's transaction: a recognition decision issues its certificate; a booth's daily sales
# reach the programme's figures (counted once); changes to products, producers and what the public
# sees keep the catalogue's search index and cached pages in step.
OCOP_HOOKS = {
    "decision.recorded": ["ocop.certificates.services.certificate_issue_for_decision"],
    "booth_sale.recorded": ["ocop.programme.tasks.after_booth_sale"],
    "event.status_changed": ["ocop.programme.tasks.after_event_status_change"],
    "products.changed": [
        "ocop.catalog.services.on_products_changed",
        "ocop.programme.services.certified_spans_refresh",
    ],
    "producers.changed": ["ocop.catalog.services.on_producers_changed"],
    "public_content.changed": ["ocop.catalog.services.on_public_content_changed"],
}

# By the clock of CELERY_TIMEZONE (Vietnam), not every 24 h from whenever beat started.
CELERY_BEAT_SCHEDULE = {
    "outbox-relay-every-minute": {"task": "ocop.core.outbox_relay", "schedule": crontab()},
    "certificates-expiry-daily": {"task": "ocop.certificates.expiry", "schedule": crontab(hour=6, minute=0)},
    "jobs-expire-hourly": {"task": "ocop.jobs.expire", "schedule": crontab(minute=20)},
    "programme-booth-sales-nightly": {
        "task": "ocop.programme.tasks.reconcile_all_booth_sales",
        "schedule": crontab(hour=2, minute=30),
    },
    "programme-sales-partition-yearly": {
        "task": "ocop.programme.tasks.add_next_year_sales_partition",
        "schedule": crontab(month_of_year=12, day_of_month=1, hour=3, minute=15),
    },
}

# Files built by jobs (ocop.jobs): kind → its builder, in the app that owns the data; and how long a
# finished file is kept before the hourly ocop.jobs.expire removes it.
OCOP_JOB_KINDS = {
    "programme.dashboard_xlsx": "ocop.programme.jobs.dashboard_xlsx_job",
    "programme.dashboard_pdf": "ocop.programme.jobs.dashboard_pdf_job",
    "certificates.register_xlsx": "ocop.certificates.jobs.register_xlsx_job",
    "imports.registry_xlsx": "ocop.imports.jobs.registry_xlsx_job",
    "promotion.event_report_xlsx": "ocop.promotion.jobs.event_report_xlsx_job",
    "promotion.event_report_pdf": "ocop.promotion.jobs.event_report_pdf_job",
    "stamps.sheet_pdf": "ocop.stamps.jobs.sheet_pdf_job",
}
OCOP_JOB_RESULT_HOURS = int(os.environ.get("OCOP_JOB_RESULT_HOURS", "24"))

# The province whose office runs this installation (official code; 22 = Quảng Ninh; 0 = a central
# installation for the whole country), and the office's contact shown in every page's footer.
OCOP_HOME_PROVINCE_CODE = int(os.environ.get("OCOP_HOME_PROVINCE_CODE", "22"))
OCOP_OFFICE_NAME = os.environ.get("OCOP_OFFICE_NAME", "")
OCOP_OFFICE_ADDRESS = os.environ.get("OCOP_OFFICE_ADDRESS", "")
OCOP_OFFICE_PHONE = os.environ.get("OCOP_OFFICE_PHONE", "")
OCOP_OFFICE_EMAIL = os.environ.get("OCOP_OFFICE_EMAIL", "")

# Settings of this file only (not read from the environment; docs/operations.md, second table).
# Certificate numbers of a province without its own NumberScheme (ocop.certificates.models).
OCOP_CERTIFICATE_NUMBER_PATTERN = "{province}-{commune}-{sequence:04d}-{year}"
# {province code: [addresses]} told when a certificate is issued, besides the producer.
OCOP_CERTIFICATE_OFFICE_EMAILS: dict[int, list[str]] = {}
# Addresses told of every trade inquiry, besides the producer.
OCOP_TRADE_OFFICE_EMAILS: list[str] = []
# {"<cidr>": "<region>"}: the region a stamp scan is counted in (none: no region).
OCOP_STAMP_NETWORK_REGIONS: dict[str, str] = {}
# Scans of one stamp above which it is flagged: {"default": n, "<product set code>": n}.
OCOP_STAMP_SCAN_THRESHOLDS: dict[str, int] = {}
# Excel imports (ocop.imports.conf): file size, data rows, rows kept per action in the preview, and
# the rows between two writes of a job's progress counter.
OCOP_IMPORT_MAX_BYTES = 10 * 1024 * 1024
OCOP_IMPORT_MAX_ROWS = 20_000
OCOP_IMPORT_PREVIEW_LIMIT = 200
OCOP_IMPORT_PROGRESS_EVERY = 500
# Uploaded images with more pixels than this are refused (ocop.core.images).
OCOP_IMAGE_MAX_PIXELS = 40_000_000  # 8000 × 5000, more than any phone or camera photo
# Limits of an uploaded workbook (ocop.core.xlsx, docs/imports.md).
OCOP_XLSX_MAX_PARTS = 1000  # zip members
OCOP_XLSX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # all parts together, as the zip directory declares
OCOP_XLSX_MAX_RATIO = 100  # uncompressed ÷ compressed, for parts over 1 MB
OCOP_XLSX_MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024  # xl/sharedStrings.xml, held in memory
OCOP_XLSX_MAX_OTHER_PART_BYTES = 8 * 1024 * 1024  # any part that is not a worksheet: parsed whole
OCOP_XLSX_MAX_SHARED_STRINGS = 1_000_000
OCOP_XLSX_MAX_SHEET_ROWS = 200_000  # row elements, formatted blank rows too
OCOP_XLSX_MAX_CELLS = 2_000_000  # cell elements, formatted blank cells too
OCOP_XLSX_MAX_COLUMNS = 200  # a value beyond this column refuses the file

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# Logs on standard error: one JSON object a line in production (LOG_FORMAT=json), text otherwise;
# every line of a request carries its request id (ocop.core.logging).
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ocop.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ocop.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own request logger sends 5xx with the traceback to root; no duplicate handler here.
        "django.request": {"level": "WARNING"},
        "ocop.request": {"level": os.environ.get("LOG_REQUESTS_LEVEL", "INFO" if PRODUCTION else "WARNING")},
    },
}

if _missing:
    raise ImproperlyConfigured(
        "OCOP_ENV=production refuses to start: missing or unusable "
        + "; ".join(f"{name} ({why})" for name, why in _missing)
        + ". See docs/operations.md."
    )
