"""Nastavnik settings: one file, driven by environment variables (SQLite by default)."""

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NASTAVNIK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "simple_history",
    "django_q",
    "nastavnik.offices",
    "nastavnik.clients",
    "nastavnik.deals",
    "nastavnik.activities",
    "nastavnik.intake",
    "nastavnik.notifications",
    "nastavnik.mentoring",
    "nastavnik.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nastavnik.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "nastavnik.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "nastavnik" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "nastavnik.wsgi.application"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'nastavnik.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the background worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "offices.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "nastavnik" / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from the npm registry (package.json) and are served from node_modules.
STATICFILES_DIRS = [
    BASE_DIR / "nastavnik" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Call recordings: accepted audio types and the size limit.
RECORDING_MAX_BYTES = int(os.environ.get("RECORDING_MAX_MB", "50")) * 1024 * 1024
RECORDING_EXTENSIONS = ["mp3", "wav", "ogg", "oga", "opus", "m4a", "webm", "aac", "flac"]

# A client is held by one office while it has an open deal or a touch within this many days.
CLAIM_DAYS = int(os.environ.get("CLAIM_DAYS", "90"))
# The answer to a question to the account manager is due within these working hours (Moscow, Russian calendar).
WORKING_DAY_START = os.environ.get("WORKING_DAY_START", "10:00")
WORKING_DAY_END = os.environ.get("WORKING_DAY_END", "19:00")
WORKING_TIME_ZONE = "Europe/Moscow"
# Mentoring (seed 000): what a closing-assist request needs, the batch size, the answer time for questions.
CLOSING_ASSIST_MIN_CALLS = int(os.environ.get("CLOSING_ASSIST_MIN_CALLS", "3"))
CLOSING_ASSIST_MIN_CALL_MINUTES = int(os.environ.get("CLOSING_ASSIST_MIN_CALL_MINUTES", "5"))
DEAL_BATCH_MAX_DEALS = int(os.environ.get("DEAL_BATCH_MAX_DEALS", "100"))
QUESTION_ANSWER_HOURS = float(os.environ.get("QUESTION_ANSWER_HOURS", "2"))
# Web intake: submissions accepted per site token and per client address within a minute.
WEB_INTAKE_RATE_PER_MINUTE = int(os.environ.get("WEB_INTAKE_RATE_PER_MINUTE", "20"))
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_MB", "20")) * 1024 * 1024
# The web intake's flood counters live in the cache: per process by default, shared when CACHE_URL names Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "nastavnik"}}
if os.environ.get("CACHE_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "nastavnik@localhost")

REST_FRAMEWORK = {
    # Token first: a missing or revoked token then answers 401 with `WWW-Authenticate: Token`, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "nastavnik.offices.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "nastavnik.api_errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Nastavnik API",
    "DESCRIPTION": "Account-management CRM for franchise networks: offices, clients, deals, activities.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# Background jobs: the ORM broker needs no extra server; Q_REDIS_URL switches to Redis.
Q_CLUSTER = {
    "name": "nastavnik",
    "workers": int(os.environ.get("Q_WORKERS", "1")),
    # Large imports run for a long time; a task is redelivered only after `retry`, which must exceed `timeout`.
    "timeout": 3 * 3600,
    "retry": 3 * 3600 + 600,
    "queue_limit": 50,
    "catch_up": False,
    "sync": env_bool("Q_SYNC", False),
    "orm": "default",
}
if os.environ.get("Q_REDIS_URL"):
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = os.environ["Q_REDIS_URL"]

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The test suite: jobs run synchronously, uploads go to a throw-away folder, hashing is fast.
TESTING = "pytest" in sys.modules
if TESTING:
    Q_CLUSTER["sync"] = True
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="nastavnik-media-"))
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
