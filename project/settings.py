"""Settings for the claims desk. Everything configurable comes from the environment, read here.

Development defaults are safe: with no environment at all, DEBUG is off and the project refuses to
start without a SECRET_KEY. `make run` and `make test` write a git-ignored `.env` for development
(DEBUG on, a random key); see the README for the production settings.
"""

from datetime import timedelta
from pathlib import Path

import environ
import orjson
import pgtrigger
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # values already in the environment win

DEBUG = env.bool("DEBUG", default=False)
PUBLIC_READ = env.bool("PUBLIC_READ", default=False)
# Seconds a cache (a CDN, a browser) may serve an anonymous read of the API without asking again
# (Cache-Control: public, max-age), with PUBLIC_READ on; 0 to have every read revalidated.
API_PUBLIC_MAX_AGE = env.int("API_PUBLIC_MAX_AGE", default=10)
if API_PUBLIC_MAX_AGE < 0:
    raise ImproperlyConfigured("API_PUBLIC_MAX_AGE is a number of seconds: 0 or more.")

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (50+ random characters) when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY is too weak for production: use 50+ random characters.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The ClaimReview export (`/api/claims/export/?format=claimreview`): the address of the desk's
# public page of a claim, `{id}` standing for its id (empty: the claim's API address), and the
# organization publishing the fact-checks.
CLAIMREVIEW_URL = env.str("CLAIMREVIEW_URL", default="")
if CLAIMREVIEW_URL and (
    "{id}" not in CLAIMREVIEW_URL or set("{}") & set(CLAIMREVIEW_URL.replace("{id}", ""))
):
    raise ImproperlyConfigured(
        "CLAIMREVIEW_URL needs {id}, and no other braces: https://desk.example.org/claims/{id}/"
    )
CLAIMREVIEW_AUTHOR_NAME = env.str("CLAIMREVIEW_AUTHOR_NAME", default="Claims desk")
CLAIMREVIEW_AUTHOR_URL = env.str("CLAIMREVIEW_AUTHOR_URL", default="")

# PostgreSQL only. Without DATABASE_URL the project runs its own server (pgserver) under .data/.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    from project.embedded_postgres import exit_cleanly_on_sigterm

    exit_cleanly_on_sigterm()
    DATABASES = {
        "default": {
            "ENGINE": "project.embedded_postgres",
            "NAME": env.str("EMBEDDED_DATABASE_NAME", default="claims"),
            "EMBEDDED_DATABASE": env.str("EMBEDDED_DATABASE_NAME", default="claims"),
            "PGDATA": env.str("EMBEDDED_PGDATA", default=str(BASE_DIR / ".data" / "postgres")),
        }
    }
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.postgresql",
    "project.embedded_postgres",
):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
# Runs side by side (two checkouts, two test sessions) each need their own test database.
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="") or None}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# No health check before each request's first query (Django's default): it is a round trip every
# request pays, a fifth of reading one claim. A connection the server has dropped fails the one
# request that finds it (503, Retry-After) and is replaced for the next.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=False)
# The hottest reads prepare their statements once a connection (claims/statements.py: claims,
# tokens, track records, event summaries); nothing else is prepared (psycopg's automatic
# preparing stays off, as Django leaves it). Off (DATABASE_PREPARED_STATEMENTS=false) for a
# pooler that cannot keep prepared statements, such as PgBouncer before 1.21 in transaction
# mode: the same statements are then planned each time.
# They are planned once for all (plan_cache_mode): PostgreSQL would otherwise keep planning them
# anew for each page, the ids' array making its generic plan look dearer than it is.
if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        prepare_threshold=2**31 - 1, options="-c plan_cache_mode=force_generic_plan"
    )

# Shared by every worker process: login throttles and lockouts are counted here. PostgreSQL by
# default (a table `migrate` makes), Redis when CACHE_URL names one (redis://host:6379/0).
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://claims_cache")}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "csp",
    "claims",
]

MIDDLEWARE = [
    "claims.middleware.URLLengthLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "claims.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Attaches the request's user and URL to the audit history written by the triggers.
    "pghistory.middleware.HistoryMiddleware",
    "claims.middleware.CSPMiddleware",
    # Last, as django-axes asks: answers a locked-out admin login with 429.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp) on every page, the admin and the API's docs included:
# scripts, styles, images and requests only from the desk itself, and no inline script (the
# admin's, the dashboard's and Swagger UI's are all files). Inline styles stay allowed: the
# admin's templates and Swagger UI set style attributes. JSON answers get `default-src 'none'`
# (claims.middleware.CSPMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# django-axes counts the admin's failed logins (the API's token endpoint has DRF's throttles):
# after 5 failures for one username from one address, that pair is locked out for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ONLY_ADMIN_SITE = True
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "default"
AXES_FAILURE_LIMIT = env.int("ADMIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ADMIN_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Reads change nothing: no history context for them.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# History triggers run once per statement (on its transition tables), not once per row: a bulk
# write (an import of 100,000 claims) attaches its context once, not 100,000 times.
PGHISTORY_LEVEL = pgtrigger.Statement

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

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
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Requests bigger than this are refused before a view sees them (413 in the API).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# Longer addresses (path and query string) get 414. Below gunicorn's own request-line limit
# (4,094 bytes by default), so a client reads this answer rather than gunicorn's 400.
MAX_URL_LENGTH = env.int("MAX_URL_LENGTH", default=4_000)

# HTTPS hardening, on by default whenever DEBUG is off. Behind a proxy that terminates TLS, set
# SECURE_PROXY_SSL_HEADER=true so Django trusts its X-Forwarded-Proto header.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # Django's own messages (runserver's included) once, through the same handler.
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

REST_FRAMEWORK = {
    # Token first: a request without credentials then gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.permissions.ReadOrModelPermission"],
    # orjson writes the same JSON as DRF's renderer (compact, UTF-8), several times faster.
    "DEFAULT_RENDERER_CLASSES": [
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Errors of a list's items are keyed by their index, as DRF's renderer writes them.
    "ORJSON_RENDERER_OPTIONS": (orjson.OPT_NON_STR_KEYS,),
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["claims.api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.KeysetPagination",
    "DEFAULT_SCHEMA_CLASS": "claims.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.exceptions.exception_handler",
    # The token endpoint's (claims.api.throttles): per client address and per username.
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("API_LOGIN_RATE", default="10/minute"),
        "login_username": env.str("API_LOGIN_USERNAME_RATE", default="20/hour"),
    },
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Claims desk API",
    "DESCRIPTION": (
        "Claims from war reporting: who said what, for which side, and how verified.\n\n"
        "Authenticate with `Authorization: Token <token>` (from `POST /api/auth/token/`) or a "
        "session. Lists are paged with `page_size` (up to 500) and the `next`/`previous` links."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Requests and responses differ (ids in, embedded records out; read-only fields), so each
    # serializer gets a request component of its own.
    "COMPONENT_SPLIT_REQUEST": True,
    # One component per set of choices: a claim's status is also a review's old and new status.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "claims.models.Status",
        "HistoryLabelEnum": ["insert", "update", "delete"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.optional_fields_are_not_required",
        "claims.api.schema.query_parameters_as_the_api_reads_them",
        "claims.api.schema.blank_urls_are_patterns",
    ],
}
