"""Settings, all from environment variables so one build serves every deployment.

DATABASE_URL   postgres://… in production; default SQLite (WAL) under TTDN_DATA_DIR
SECRET_KEY     default: generated once and kept in TTDN_DATA_DIR/secret_key
ALLOWED_HOSTS  comma-separated; default localhost names
TTDN_DATA_DIR  where the SQLite file, uploads and the generated key live; default ./var
DEBUG          "1" to enable; default off
EMAIL_URL      smtp://user:pass@host:port (default: e-mail printed on the console)
"""

import json
import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("TTDN_DATA_DIR") or Path.cwd() / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    # A key that survives restarts without anyone having to invent one; still private to this data dir.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "ttdn.core",
    "ttdn.directory",
    "ttdn.plans",
    "ttdn.api",
    "ttdn.monitoring",
    "ttdn.outreach",
    "ttdn.activities",
    "ttdn.portal",
    # --- Wagtail + wagtail-localize: the public foreign-information portal (ttdn.portal) ---
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # --- end Wagtail ---
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
# --- Wagtail: the public portal's page cache and CSP sit early, so a cached page skips sessions and auth;
# the locale middleware keeps unknown staff URLs 404 (not redirected under /vi/) and the staff UI in vi/en ---
MIDDLEWARE[MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware")] = (
    "ttdn.portal.middleware.PortalLocaleMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "ttdn.portal.middleware.PortalMiddleware",
)
# HSTS: see the trust block below (on whenever TTDN_HTTPS is).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# --- end Wagtail ---

ROOT_URLCONF = "ttdn.config.urls"
WSGI_APPLICATION = "ttdn.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ttdn.plans.context_processors.nav",
                "ttdn.portal.context_processors.staff_languages",  # Wagtail/portal: vi/en switch for staff
            ],
        },
    },
]

_SQLITE_DEFAULT = f"sqlite:///{DATA_DIR / 'ttdn.sqlite3'}"
# Persistent connections (60 s) with a health check: the first query of each request (and of each worker
# loop) on a kept connection runs `SELECT 1` first and reconnects if the server was restarted or failed over
# while the process was idle; without it that request answered 500 (core/tests/test_pg_restart.py).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _SQLITE_DEFAULT, conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Opening a SQLite connection and running its PRAGMAs costs more than most queries: keep it per process.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("TTDN_SQLITE_CONN_MAX_AGE", "600"))
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web process read while the db_worker writes; IMMEDIATE avoids
        # "database is locked" on lock upgrades inside transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's search fields there; their system checks require the app.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["ttdn.directory.auth.MembershipBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
# --- Wagtail: the public portal speaks three languages; the staff UI offers only the first two
# (TTDN_STAFF_LANGUAGES, read by the language switch in base.html) ---
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("zh-hans", "简体中文")]
TTDN_STAFF_LANGUAGES = ["vi", "en"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "Lạng Sơn - Thông tin đối ngoại"
WAGTAILADMIN_BASE_URL = os.environ.get("TTDN_SITE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "portal.PortalImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("TTDN_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_DOCUMENT_MODEL = "portal.PortalDocument"
WAGTAILDOCS_EXTENSIONS = ["pdf", "epub", "mp4", "vtt"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_REQUIRE_APPROVAL_TO_PUBLISH = True
# An edit made while a page is in review sends it back to the first task not approved on that edit: a translation
# changed after its language reviewer approved goes back to that reviewer (the approval is of one revision).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Translations start as drafts for a reviewer, whatever the state of the Vietnamese source.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILADMIN_LOGIN_URL = "login"
# Machine translation: a dotted path to a ttdn.portal.mt backend; none by default.
TTDN_PORTAL_MT_BACKEND = os.environ.get("TTDN_PORTAL_MT_BACKEND", "")
# --- end Wagtail ---
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["ttdn.config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads bigger than this are refused before they reach the parser.
TTDN_MAX_UPLOAD_BYTES = int(os.environ.get("TTDN_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
# A plan upload still "parsing" this long after upload lost its worker: the parse is queued again, up to
# TTDN_PLAN_PARSE_ATTEMPTS times (a document that kills the reader each time is then marked failed).
TTDN_PLAN_PARSE_STALE_SECONDS = int(os.environ.get("TTDN_PLAN_PARSE_STALE_SECONDS", 300))
TTDN_PLAN_PARSE_ATTEMPTS = int(os.environ.get("TTDN_PLAN_PARSE_ATTEMPTS", 3))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TTDN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

if email_url := os.environ.get("EMAIL_URL"):
    from urllib.parse import unquote, urlparse

    _email = urlparse(email_url)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email.hostname or "localhost",
                "port": _email.port or 25,
                "username": unquote(_email.username or ""),
                "password": unquote(_email.password or ""),
                "use_tls": _email.scheme == "smtp+tls",
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ttdn@localhost")

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Reporting calendar given to a newly imported plan; focal officers change it per plan.
TTDN_REPORTING_DEFAULTS = {
    "frequencies": [
        f for f in os.environ.get("TTDN_REPORTING_FREQUENCIES", "quarterly,semiannual,annual").split(",") if f
    ],
    "cutoff_day": int(os.environ.get("TTDN_REPORTING_CUTOFF_DAY", 15)),
    "due_days_after_cutoff": int(os.environ.get("TTDN_REPORTING_DUE_DAYS", 5)),
}
TTDN_REMINDER_DAYS = [int(d) for d in os.environ.get("TTDN_REMINDER_DAYS", "7,1").split(",") if d]
TTDN_PERIOD_CLOSING_DAYS = 3
TTDN_MAX_EVIDENCE_BYTES = int(os.environ.get("TTDN_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024))
TTDN_SITE_URL = os.environ.get("TTDN_SITE_URL", "http://127.0.0.1:8000")

# Rendered page fragments are cached per plan revision (see plans.views), so a stale entry is never served:
# per-process memory is enough on one machine; point TTDN_CACHE_LOCATION at a shared cache when scaling out.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("TTDN_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("TTDN_CACHE_LOCATION", "ttdn"),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000}
        if "locmem" in os.environ.get("TTDN_CACHE_BACKEND", "locmem")
        else {},
    }
}
# The page header ({% cache %} in base.html, one entry per user, page and CSRF secret) in its own cache, so
# that headers never push the plan pages' fragments out.
CACHES["template_fragments"] = {**CACHES["default"], "TIMEOUT": 300}
if "locmem" in CACHES["default"]["BACKEND"].lower():
    CACHES["template_fragments"]["LOCATION"] = "ttdn-fragments"
else:  # the same shared server; LOCATION is its address there
    CACHES["template_fragments"]["KEY_PREFIX"] = "fragments"
TTDN_FRAGMENT_SECONDS = 3600
# Sessions are read on every page. A shared cache (Redis, memcached) may hold them, written through to the
# database; a per-process cache must not: a logout in one web process would leave the session alive in the
# others' memory.
SESSION_ENGINE = (
    "ttdn.core.sessions" if "locmem" in CACHES["default"]["BACKEND"].lower() else "ttdn.core.sessions.cached"
)

# --- Trust and hardening ---
# Accounts, sessions, transport security and audit context (docs/security.md). Kept in this one block, and
# the apps/middleware/backends it needs are added here rather than in the lists above, so other changes to
# those lists merge without conflict. Every value can be set from the environment; defaults are the safe ones.
from datetime import timedelta  # noqa: E402

INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "axes"]
_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
# Right after authentication: the second-factor check, and the client address/user agent for audit events.
MIDDLEWARE[_auth:_auth] = [
    "ttdn.core.middleware.TwoFactorMiddleware",
    "ttdn.core.middleware.AuditContextMiddleware",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # django-axes wants to be last
# AxesStandaloneBackend only refuses locked-out logins; MembershipBackend still authenticates.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]

# Behind a reverse proxy, the header it sets with the client address (e.g. HTTP_X_REAL_IP); see core.middleware.
TTDN_CLIENT_IP_HEADER = os.environ.get("TTDN_CLIENT_IP_HEADER", "")

# Login lockout (django-axes): after this many failures for one username from one address, locked for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("TTDN_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TTDN_LOGIN_LOCKOUT_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "ttdn.core.middleware.client_ip"
# Failures and lockouts are in the audit log already; TTDN_AXES_VERBOSE=1 also logs each attempt.
AXES_VERBOSE = _env_bool("TTDN_AXES_VERBOSE", False)

# Two-step verification (django-otp TOTP) for administrators and focal officers; see ttdn.core.two_factor.
TTDN_OTP_REQUIRED = _env_bool("TTDN_OTP_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("TTDN_OTP_ISSUER", "TTĐN")

# Classification (docs/security.md "Classification"): the highest level each role may see, as JSON in
# TTDN_CLEARANCE ({"officer": "NORMAL", "leader": "CONFIDENTIAL", …}); "focal" applies to a plan's focal
# officers and "admin" to superusers. No role sees SECRET or TOP_SECRET unless a user's own clearance says so.
TTDN_CLEARANCE = {
    "officer": "NORMAL",
    "leader": "CONFIDENTIAL",
    "focal": "CONFIDENTIAL",
    "province_leader": "CONFIDENTIAL",
    "admin": "CONFIDENTIAL",
    **json.loads(os.environ.get("TTDN_CLEARANCE", "{}")),
}
TTDN_CLEARANCE_ROLE = "ttdn.directory.clearance.role_of"

# Sessions end after TTDN_SESSION_HOURS (default 8, one working day) and when the browser closes.
SESSION_COOKIE_AGE = int(float(os.environ.get("TTDN_SESSION_HOURS", 8)) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = _env_bool("TTDN_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# HTTPS: on unless DEBUG (TTDN_HTTPS=0 for a plain-HTTP trial). Secure cookies and HSTS follow it.
TTDN_HTTPS = _env_bool("TTDN_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = _env_bool("TTDN_SECURE_COOKIES", TTDN_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("TTDN_HSTS_SECONDS", 365 * 24 * 3600 if TTDN_HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("TTDN_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("TTDN_HSTS_PRELOAD", True)
# Django can only redirect HTTP to HTTPS when it knows how the client connected: behind a TLS-terminating
# proxy, name the header the proxy sets (e.g. HTTP_X_FORWARDED_PROTO). Without one, the proxy redirects
# (docs/security.md) and Django's own redirect check is silenced rather than risking a redirect loop.
if _proxy_ssl_header := os.environ.get("TTDN_PROXY_SSL_HEADER", ""):
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https")
    SECURE_SSL_REDIRECT = TTDN_HTTPS
elif TTDN_HTTPS:
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
