"""All settings, from environment variables. The defaults run an embedded SQLite database under var/."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("TACOORD_VAR_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("TACOORD_DEBUG", False)
SECRET_KEY = os.environ.get("TACOORD_SECRET_KEY", "insecure-development-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    # A fixed, known key is only acceptable where nothing real is kept; production must set its own.
    SECRET_KEY = "tacoord-local-key-set-TACOORD_SECRET_KEY-in-production"
ALLOWED_HOSTS = [h for h in os.environ.get("TACOORD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("TACOORD_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "tacoord.core",
    "tacoord.users",
    "tacoord.reference",
    "tacoord.organisations",
    "tacoord.questionnaires",
    "tacoord.reporting",
    "tacoord.needs",
    "tacoord.providers",
    "tacoord.activities",
    "tacoord.iati",
    "tacoord.experts",
    "tacoord.duplicates",
    "tacoord.matching",
    "tacoord.notifications",
    "tacoord.assistance",
    "tacoord.meetings",
    "tacoord.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tacoord.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tacoord.core.middleware.ChangeContextMiddleware",
]

ROOT_URLCONF = "tacoord.urls"
WSGI_APPLICATION = "tacoord.wsgi.application"

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
                "tacoord.core.context_processors.navigation",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'tacoord.sqlite3'}",
        conn_max_age=int(os.environ.get("TACOORD_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the task worker and web process read while the other writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The six official languages of the United Nations. The code is also the suffix of translated columns
# (name_ar, name_zh, ...), see tacoord.core.i18n.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "tacoord_language"
FORMAT_MODULE_PATH = ["tacoord.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("TACOORD_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start while it is missing

EMAIL_BACKEND = os.environ.get("TACOORD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("TACOORD_FROM_EMAIL", "tacoord@localhost")
# Links in e-mails are made absolute with it, e.g. https://tacoord.example.org (empty: relative links).
TACOORD_SITE_URL = os.environ.get("TACOORD_SITE_URL", "")
# After how many days a step waiting for someone (a request's stage, a meeting's follow-up) is overdue.
TACOORD_OVERDUE_DAYS = int(os.environ.get("TACOORD_OVERDUE_DAYS", "14"))
# An IATI import of at least this many bytes of files reads them in a second process while it writes (when the
# machine has several processors); TACOORD_IATI_READ_AHEAD=false keeps it in one process.
TACOORD_IATI_READ_AHEAD = env_bool("TACOORD_IATI_READ_AHEAD", True)
TACOORD_IATI_READ_AHEAD_MIN_BYTES = int(os.environ.get("TACOORD_IATI_READ_AHEAD_MIN_BYTES", str(2 * 1024 * 1024)))
# How many reading processes: 0 is one a processor, at most 4.
TACOORD_IATI_READERS = int(os.environ.get("TACOORD_IATI_READERS", "0"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TACOORD_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tacoord.core.api.permissions.RestrictedPermission"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tacoord.core.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "tacoord API",
    "DESCRIPTION": _("Technical assistance coordination under the Organized Crime Convention and its Protocols."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a field named `status` (or `priority`) with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "TemplateStatusEnum": "tacoord.questionnaires.choices.TemplateStatus",
        "CycleStatusEnum": "tacoord.reporting.choices.CycleStatus",
        "ResponseStatusEnum": "tacoord.reporting.choices.ResponseStatus",
        "NeedStatusEnum": "tacoord.needs.choices.NeedStatus",
        "NeedPriorityEnum": "tacoord.needs.choices.NeedPriority",
        "NeedSourceEnum": "tacoord.needs.choices.NeedSource",
        "FollowUpStatusEnum": "tacoord.meetings.choices.FollowUpStatus",
        "OfferStatusEnum": "tacoord.assistance.choices.OfferStatus",
        "RequestStageEnum": "tacoord.assistance.choices.Stage",
        "AlertStatusEnum": "tacoord.duplicates.choices.AlertStatus",
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("TACOORD_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TACOORD_LOG_LEVEL", "WARNING")},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (tests, the demo), serve straight from the apps' static folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
