"""The one settings module: every deployment difference comes from the environment.

Defaults are for a developer's machine (SQLite file under var/, DEBUG on). Production sets
DJANGO_DEBUG=false, SECRET_KEY, NATIONAL_NUMBER_HASH_KEY, ALLOWED_HOSTS and DATABASE_URL (see
README.md). `make demo` sets DOORSTROOM_DEMO=1 (below).
"""

from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/doorstroom
PROJECT_DIR = BASE_DIR.parent.parent  # repository root (for var/)
VAR_DIR = Path(os.environ.get("DOORSTROOM_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- keys and the local demo (docs/security.md T3, T16) -----------------------------------------
# DOORSTROOM_DEMO=1 (`make demo`) runs the production settings (DEBUG off, WhiteNoise, the
# branded error pages) on plain HTTP at 127.0.0.1, with SECRET_KEY and NATIONAL_NUMBER_HASH_KEY
# generated once under var/ (mode 0600, config/keys.py). Never set it on a server.
DEMO = env_bool("DOORSTROOM_DEMO", False)
DEBUG = env_bool("DJANGO_DEBUG", not DEMO)


def _key(name: str) -> str:
    """The environment's key, or in the demo the one kept in var/<name lower-cased>."""
    value = os.environ.get(name, "")
    if not value and DEMO:
        from doorstroom.config.keys import key_file

        value = key_file(VAR_DIR / name.lower())
    return value


SECRET_KEY = _key("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DJANGO_DEBUG is false")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 # nosec B105
# National numbers are stored only as a keyed hash (exact search) and a masked form (display).
# Set this explicitly in production, apart from SECRET_KEY; rotating it: docs/security.md.
NATIONAL_NUMBER_HASH_KEY = _key("NATIONAL_NUMBER_HASH_KEY")
if not DEBUG and len(NATIONAL_NUMBER_HASH_KEY) < 32:
    raise RuntimeError(
        "NATIONAL_NUMBER_HASH_KEY must be set (at least 32 random characters) when DJANGO_DEBUG "
        "is false: without it a stolen database gives up every national number"
    )
if not DEBUG and NATIONAL_NUMBER_HASH_KEY == SECRET_KEY:
    raise RuntimeError("NATIONAL_NUMBER_HASH_KEY must differ from SECRET_KEY")
if not NATIONAL_NUMBER_HASH_KEY:  # debugging on a developer's machine only
    NATIONAL_NUMBER_HASH_KEY = "dev-only-national-number-key-not-for-real-data"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI from the package, not a CDN (common/api/docs.py)
    "simple_history",
    "doorstroom.common",
    "doorstroom.places",
    "doorstroom.accounts",
    "doorstroom.organisations",
    "doorstroom.mandates",
    "doorstroom.esf",
    "doorstroom.outbox",
    "doorstroom.privacy",
    "doorstroom.employees",
    "doorstroom.referrals",
    "doorstroom.trajectories",
    "doorstroom.monitoring",
    "doorstroom.intake",
    "doorstroom.signatures",
    "doorstroom.letters",
    "doorstroom.registers",
    "doorstroom.operations",  # demo, integrity, tick, backup: the top of the import graph
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "doorstroom.web",
    "doorstroom.web.applicant",
    "doorstroom.web.reviewer",
    "doorstroom.web.consultant",
    "doorstroom.web.esf",
    "doorstroom.web.beheer",
    "axes",  # login throttling (docs/security.md)
]

MIDDLEWARE = [
    # First: a request id, metrics and one log line for everything below (docs/operations.md).
    "doorstroom.observability.middleware.RequestObservationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "doorstroom.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pages in Dutch unless English was chosen with the switch; never by Accept-Language.
    "doorstroom.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Uploads refused by size before the body is read (before the CSRF check reads it).
    "doorstroom.common.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view or log sees the URL: national numbers in URLs refused, API errors in
    # problem+json, no-store caching (common/hostile.py, docs/security.md).
    "doorstroom.common.hostile.HostileInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Database down → 503 problem+json / Dutch page (docs/security.md, tests/faults/).
    "doorstroom.web.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into our 429 page
]

# django-axes first: a locked-out username+address is refused before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "doorstroom.web.oidc.ProviderBackend",  # acts only on an OIDC callback
]

ROOT_URLCONF = "doorstroom.config.urls"
WSGI_APPLICATION = "doorstroom.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "doorstroom.web.context.navigation",
            ],
        },
    },
]

# Database: SQLite file by default; DATABASE_URL accepts sqlite:///path and postgres://…
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'doorstroom.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once (set once per file by the backend, it
    # persists); the timeout waits for the writer lock instead of failing with "database is
    # locked". Connections are kept while their file is (common/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "doorstroom.common.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The monitoring histograms' covering indexes (`include`, monitoring/models.py COVERING)
    # are PostgreSQL's: SQLite builds them on their key columns, as this check warns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Dutch (Belgium) first, English second; Belgian calendar days.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switch is remembered for a year (web/language.py: pages ignore Accept-Language).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

# Evidence uploads: PDF only, checked by content; the size limit is enforced by the service
# and, before the body is read, by common.uploads.UploadLimitMiddleware.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
# eID signatures in evidence PDFs (R14): the trusted root certificates, a PEM/DER file or a
# folder of them (e.g. the Belgium Root CA certificates). Empty: no root is trusted, so no
# signature counts as eID. Checked offline: no OCSP/CRL is fetched (see signatures/validation.py).
EID_TRUST_ROOTS = os.environ.get("EID_TRUST_ROOTS", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# E-mail: console in development; SMTP in production through the EMAIL_* variables.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "6"))
# Letters (letters/services.py): render the PDF right after the commit that wrote the letter;
# false leaves it to the first download (the letter and its snapshot exist either way).
LETTERS_RENDER = env_bool("LETTERS_RENDER", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "doorstroom@vdab.be")

# Background tasks (django-tasks): notification delivery runs as a task. Development and tests
# run tasks inline; production sets TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs a
# worker with `python -m doorstroom db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "doorstroom.accounts.authentication.CachedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "doorstroom.common.api.pagination.CursorPage",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "doorstroom.common.api.problems.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON nested without limit is refused with 400 (common/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "doorstroom.common.api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "doorstroom API",
    "DESCRIPTION": (
        "Mandates for transition guidance (mandaat doorstroombegeleiding): organisations, "
        "applications, mandates and ESF projects. Errors use application/problem+json."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The docs page: Swagger UI from drf-spectacular-sidecar's static files (offline, pinned by
    # the package version, under the site's CSP); no validator badge fetched from elsewhere.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "PATH_CONVERTER_OVERRIDES": {"id": int},  # common/converters.py
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "doorstroom.common.api.schema.add_problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "doorstroom.mandates.models.ApplicationStatus",
        "ProjectStatusEnum": "doorstroom.esf.models.ProjectStatus",
        "DecisionOutcomeEnum": "doorstroom.mandates.models.DecisionOutcome",
        "ApplicationKindEnum": "doorstroom.mandates.models.ApplicationKind",
        "OutcomeKindEnum": "doorstroom.trajectories.models.OutcomeKind",
        "ActivityKindEnum": "doorstroom.rules.codes.ACTIVITY_KINDS",
        "FrameworkEnum": "doorstroom.rules.codes.FRAMEWORKS",
        # One enum for the target groups, one (target_group) or a list (target_groups).
        "TargetGroupEnum": "doorstroom.rules.codes.ALL_TARGET_GROUPS",
    },
}

LOGIN_URL = "/aanmelden/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/aanmelden/"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))


# Single sign-on (OpenID Connect, web/oidc.py; README "Single sign-on"). Each provider in
# OIDC_PROVIDERS (comma-separated keys) is configured by OIDC_<KEY>_* variables; its claims map
# to one role (and, for applicants, one organisation), and nobody gets a role by default.
def _oidc_provider(key: str) -> dict[str, object]:
    def get(name: str, default: str = "") -> str:
        return os.environ.get(f"OIDC_{key.upper()}_{name}", default).strip()

    roles = dict(
        pair.split("=", 1) for pair in get("ROLES").split(",") if "=" in pair
    )  # e.g. "doorstroom-reviewers=reviewer,doorstroom-consultants=consultant"
    return {
        "key": key,
        "label": get("LABEL", f"Aanmelden via {key}"),
        "issuer": get("ISSUER").rstrip("/"),
        "client_id": get("CLIENT_ID"),
        "client_secret": get("CLIENT_SECRET"),
        "scopes": get("SCOPES", "openid email profile"),
        "sign_algo": get("SIGN_ALGO", "RS256"),
        "role_claim": get("ROLE_CLAIM", "groups"),
        "roles": {claim.strip(): role.strip() for claim, role in roles.items()},
        "organisation_claim": get("ORGANISATION_CLAIM"),
    }


OIDC_PROVIDERS = {
    key: _oidc_provider(key)
    for key in (k.strip().lower() for k in os.environ.get("OIDC_PROVIDERS", "").split(","))
    if key
}
# Username and password on the login page (the demo, local accounts); off when all use SSO.
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", True)
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the provider's logout
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/aanmelden/geweigerd/"
OIDC_TIMEOUT = 10
OIDC_OP_LOGOUT_URL_METHOD = "doorstroom.web.oidc.provider_logout_url"

# Hardening (docs/security.md). Production (DJANGO_DEBUG=false) is secure by default; each
# switch has an environment variable for a TLS-terminating proxy or a staging host. The local
# demo (DOORSTROOM_DEMO) serves plain HTTP on 127.0.0.1: no HTTPS redirect, HSTS or Secure cookies.
HTTPS = not DEBUG and not DEMO
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_HTTPONLY = True  # no script reads the token: forms carry it
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "doorstroom.web.views.csrf_failure"  # the branded 403, not Django's page
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # probes and scrapes, plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The preload flag alone changes nothing until the domain owner submits to hstspreload.org.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("SECURE_PROXY_SSL_HEADER", False):  # behind a proxy that sets X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Seconds a client waits before retrying when the database is unreachable (503).
DB_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("DB_UNAVAILABLE_RETRY_AFTER", "30"))

# Login throttling (django-axes): AXES_FAILURE_LIMIT failures for one username from one
# address lock that pair out for AXES_COOLOFF_MINUTES; a success resets the count.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "doorstroom.web.views.locked_out"
AXES_VERBOSE = False

# Logs: readable lines on the console by default; LOG_FORMAT=json writes one JSON object a line
# (with the request id on every record, and one access line per request from
# doorstroom.request: request id, user id, role, view, status, duration, queries).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain").strip().lower()
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'plain' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "doorstroom.observability.context.RequestIdFilter"},
        "national_numbers": {"()": "doorstroom.common.hostile.MaskNationalNumbers"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "national_numbers"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own lines go through our handler only (its default debug console handler
        # would write them a second time, unfiltered).
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # The access line per request: on in JSON (for the collector), opt-in on the console.
        "doorstroom.request": {
            "level": "INFO"
            if LOG_FORMAT == "json" or env_bool("LOG_REQUESTS", False)
            else "WARNING"
        },
        # WeasyPrint logs every layout step at INFO; keep its warnings and errors.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Operations (docs/operations.md): /readyz limits and who may scrape /metrics.
READINESS_OUTBOX_MAX_AGE = int(os.environ.get("READINESS_OUTBOX_MAX_AGE", str(6 * 3600)))
READINESS_TASK_MAX_AGE = int(os.environ.get("READINESS_TASK_MAX_AGE", str(3600)))
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = [
    ipaddress.ip_network(network.strip())
    for network in os.environ.get("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128").split(",")
    if network.strip()
]
