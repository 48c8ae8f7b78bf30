"""Settings of the battery network portal.

One module, every value from the environment, defaulting to a laptop: SQLite under var/, e-mail as
files under var/mail/, Celery tasks run in-process. Production sets DJANGO_DEBUG=0,
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL and REDIS_URL.
"""

import os
from datetime import date
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the portal needs a secret key "
            "from the environment, for example: "
            "export DJANGO_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"

# The portal's public address, for links in e-mails and calendar files made outside a request
# (reminders sent by Celery beat).
PORTAL_BASE_URL = env("PORTAL_BASE_URL").rstrip("/")
if not PORTAL_BASE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PORTAL_BASE_URL is not set. With DJANGO_DEBUG off the portal needs its public address "
            "for links in e-mails, for example: export PORTAL_BASE_URL=https://portal.example.org"
        )
    # The development server's address: `make run PORT=8080` sets PORT.
    PORTAL_BASE_URL = f"http://127.0.0.1:{env('PORT', '8000')}"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The portal's apps come first: their templates and translations win over those of Django and the
# libraries (Django's admin would otherwise translate "Save" as "Sichern" on the portal's forms).
INSTALLED_APPS = [
    "network_portal",
    "portal",
    "members",
    "events",
    "delegations",
    "accessibility",
    "reports",
    "matchmaking",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, auth and templates: an anonymous hit costs one Redis call.
    "network_portal.pagecache.PageCacheMiddleware",
    "network_portal.mail.OutboxBatchMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "network_portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "network_portal.middleware.CSPMiddleware",  # django-csp's, its policy built once
    "allauth.account.middleware.AccountMiddleware",
    # A signed-in member's page shared with the members of their kind, stored with its
    # fragments in place; last, a page's shared fragments in one Redis call (pagecache.py).
    "network_portal.pagecache.MemberPageMiddleware",
    "network_portal.pagecache.FragmentMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "network_portal.wsgi.application"
ASGI_APPLICATION = "network_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network_portal.context_processors.portal",
                "network_portal.context_processors.csrf",
            ],
        },
    },
]

# Database: SQLite on a laptop, PostgreSQL from DATABASE_URL. Connections to PostgreSQL are kept
# between requests: opening one per request cost about 12x throughput on these machines.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # A database that accepts the connection and never answers would hold each web worker (and
    # the static files it serves) for as long as the client waits: fail within seconds instead.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "network_portal.User"
# Django's and allauth's backends, reading the user with their roles in one statement
# (portal/auth.py). Sessions signed in under the plain classes' names end once (sign in again).
AUTHENTICATION_BACKENDS = [
    "portal.auth.ModelBackend",
    "portal.auth.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "my_portal"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail and password only, mandatory verification, rate limits on (defaults),
# and no answer that tells whether an address has an account.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "network_portal.adapters.AccountAdapter"
# Sign-up and "add an e-mail address" limit the address to its column; sign-up with a taken
# address costs the same password hash as a new account (network_portal/forms.py).
ACCOUNT_FORMS = {"signup": "network_portal.forms.SignupForm",
                 "add_email": "network_portal.forms.AddEmailForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Behind the reverse proxy every request comes from the proxy: the number of proxies that append
# to X-Forwarded-For lets allauth's and the barrier form's rate limits see the client's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)

# Languages: German first, English second, no prefix in URLs (the choice lives in a cookie).
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# locale_allauth: formal ("Sie") German for allauth's pages and mails, which say "du".
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
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
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads (logos, at most 2 MB) are refused from their Content-Length above this size, before
# the body is read: Django alone would stream a file of any size to a temporary file.
PORTAL_UPLOAD_MAX_BYTES = env_int("PORTAL_UPLOAD_MAX_BYTES", 3 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "network_portal.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# How many colleagues one person may register for one event (each gets e-mails from the portal).
PORTAL_MAX_COLLEAGUES_PER_EVENT = env_int("PORTAL_MAX_COLLEAGUES_PER_EVENT", 10)
# Guests (registration without an account): a seat is held this long for the confirmation of
# the address (the link in the first e-mail); unconfirmed registrations then lapse, and their
# rows are deleted this many days after lapsing (retention).
PORTAL_GUEST_HOLD_HOURS = env_int("PORTAL_GUEST_HOLD_HOURS", 48)
PORTAL_GUEST_LAPSED_DAYS = env_int("PORTAL_GUEST_LAPSED_DAYS", 7)
# Guest registrations one client (IP) or one address may send within an hour.
PORTAL_GUEST_REGISTRATIONS_PER_HOUR = env_int("PORTAL_GUEST_REGISTRATIONS_PER_HOUR", 10)
# How many messages an event's organisers may send to its participants in 24 hours.
PORTAL_MAX_MESSAGES_PER_EVENT_PER_DAY = env_int("PORTAL_MAX_MESSAGES_PER_EVENT_PER_DAY", 5)
# ... and a trip's organisers to its applicants.
PORTAL_MAX_MESSAGES_PER_TRIP_PER_DAY = env_int("PORTAL_MAX_MESSAGES_PER_TRIP_PER_DAY", 5)

# Cache: Redis when REDIS_URL is set (shared by all web processes, needed for allauth's rate
# limits to hold across processes), else memory of the one development process.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    _redis_timeout = env_float("REDIS_TIMEOUT", 2.0)
    CACHES = {"default": {"BACKEND": "network_portal.cache.RedisCache",
                          "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": _redis_timeout,
                                      "socket_timeout": _redis_timeout}}}
    # A logged-in request reads its session from Redis, not from the database (written to both).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages for anonymous visitors from Redis (network_portal/pagecache.py; needs REDIS_URL):
# a change made through the services shows on the next request, anything else within the TTL.
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_TTL = env_int("PORTAL_PAGE_CACHE_TTL", 60)
PORTAL_PAGE_CACHE_TIMEOUT = env_float("PORTAL_PAGE_CACHE_TIMEOUT", 0.5)

# Who gets an e-mail with the traceback when a page fails (Django's mail_admins, DEBUG off):
# comma-separated addresses. The error page says "the team was notified" only if this is set.
ADMINS = [(address, address) for address in env_list("DJANGO_ADMINS", [])]

# E-mail: files under var/mail/ in development, so a newcomer can read what the portal sent.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Batterienetzwerk <portal@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# An outgoing e-mail is tried this many times (with growing pauses) before it is marked failed.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6)
# A row left "sending" this long (its worker died before recording the outcome) is tried again,
# with the same Message-ID. Longer than any one SMTP conversation (EMAIL_TIMEOUT per step).
OUTBOX_SENDING_TIMEOUT = env_int("OUTBOX_SENDING_TIMEOUT", 600)
# Handing an e-mail to the broker after commit, inside the web request: connect and publish each
# get this long, once, without retries; on failure the row stays queued for beat.
OUTBOX_PUBLISH_TIMEOUT = env_float("OUTBOX_PUBLISH_TIMEOUT", 1.0)
# E-mails committed in one request or task go to the workers in tasks of up to this many
# (mail.dispatch_together): one worker sends a batch far faster than as many single tasks.
OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 50)

# A person may have this many proposed organisations (/members/new/) waiting for review at once.
PORTAL_MAX_OPEN_PROPOSALS = env_int("PORTAL_MAX_OPEN_PROPOSALS", 3)

# Introductions ("Kontakt anfragen") one person may ask for within 24 hours (matchmaking).
PORTAL_MAX_INTRODUCTIONS_PER_DAY = env_int("PORTAL_MAX_INTRODUCTIONS_PER_DAY", 5)

# Celery: without a broker, tasks run in-process at once, so `make run` needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# Each worker process holds up to this many tasks beyond the one it runs (unacknowledged, so a
# worker that dies returns them to the queue): the next e-mail is at hand when one is sent,
# instead of a broker round trip after every acknowledgement (README "E-mail: one outbox").
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 4)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Without a socket timeout a publish to a broker that stopped answering waits forever (kombu's
# default); workers and beat give up after these seconds and reconnect.
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_TIMEOUT", 5.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
                                   "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT}
CELERY_BEAT_SCHEDULE = {
    "outbox-dispatch-queued": {
        "task": "network_portal.tasks.dispatch_queued_emails",
        "schedule": 60.0,
    },
    "events-send-due-reminders": {
        "task": "events.tasks.send_due_reminders",
        "schedule": 300.0,
    },
    # Guests' seats held for an address never confirmed: free them, the waitlist moves.
    "events-expire-guest-holds": {
        "task": "events.tasks.expire_guest_holds",
        "schedule": 300.0,
    },
    "delegations-send-due-reminders": {
        "task": "delegations.tasks.send_due_reminders",
        "schedule": 300.0,
    },
    "matchmaking-expire-meeting-requests": {
        "task": "matchmaking.tasks.expire_meeting_requests",
        "schedule": 300.0,
    },
    "matchmaking-send-meeting-reminders": {
        "task": "matchmaking.tasks.send_meeting_reminders",
        "schedule": 300.0,
    },
    # Daily at night (Europe/Berlin): anonymise and delete what the retention periods say.
    "portal-apply-retention": {
        "task": "portal.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
}

# The operator's details for the imprint (Impressum, § 5 DDG) and the privacy page. Addresses
# take several lines separated by ";".
OPERATOR = {
    "name": env("PORTAL_OPERATOR_NAME"),
    "address": [line.strip() for line in env("PORTAL_OPERATOR_ADDRESS").split(";") if line.strip()],
    "email": env("PORTAL_OPERATOR_EMAIL"),
    "phone": env("PORTAL_OPERATOR_PHONE"),
    "represented_by": env("PORTAL_OPERATOR_REPRESENTED_BY"),
    "register": env("PORTAL_OPERATOR_REGISTER"),
    "vat_id": env("PORTAL_OPERATOR_VAT_ID"),
    "content_responsible": env("PORTAL_CONTENT_RESPONSIBLE"),
    "data_protection_officer": env("PORTAL_DATA_PROTECTION_OFFICER"),
}

# Personal data: how long the operator keeps it (shown in the privacy notice). Registrations and
# trip applications: months after the event or trip ended; sent e-mails in the outbox: days after
# sending; the web server's access logs (the proxy's configuration, not the portal's): days;
# answered barrier reports: months after the answer.
PORTAL_RETENTION_MONTHS = env_int("PORTAL_RETENTION_MONTHS", 24)
PORTAL_OUTBOX_RETENTION_DAYS = env_int("PORTAL_OUTBOX_RETENTION_DAYS", 90)
PORTAL_LOG_RETENTION_DAYS = env_int("PORTAL_LOG_RETENTION_DAYS", 14)
PORTAL_FEEDBACK_RETENTION_MONTHS = env_int("PORTAL_FEEDBACK_RETENTION_MONTHS", 12)
# Accounts whose address was never confirmed (allauth keeps them) are removed after these days,
# unless something else is stored for them.
PORTAL_UNVERIFIED_ACCOUNT_DAYS = env_int("PORTAL_UNVERIFIED_ACCOUNT_DAYS", 7)
# The data protection supervisory authority responsible for the operator (Art. 77 GDPR).
SUPERVISORY_AUTHORITY = {
    "name": env("PORTAL_SUPERVISORY_AUTHORITY_NAME"),
    "url": env("PORTAL_SUPERVISORY_AUTHORITY_URL"),
}

# The accessibility statement (BITV 2.0): the date of the last check (update it after each
# manual check, or set it), and the enforcement or arbitration body people may turn to.
ACCESSIBILITY_LAST_CHECKED = "2026-12-01"


def env_date(name: str, default: str) -> date:
    value = env(name, default)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date like 2026-12-01, not {value!r}.") from None


ACCESSIBILITY = {
    "checked_on": env_date("PORTAL_ACCESSIBILITY_CHECKED_ON", ACCESSIBILITY_LAST_CHECKED),
    "enforcement_name": env("PORTAL_ACCESSIBILITY_ENFORCEMENT_NAME"),
    "enforcement_url": env("PORTAL_ACCESSIBILITY_ENFORCEMENT_URL"),
}

# Security headers. The policy allows no inline script or style: JS lives in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}
