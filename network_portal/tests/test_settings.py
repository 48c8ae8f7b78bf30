"""Settings read from the environment, with laptop defaults (checked in a fresh interpreter)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORTAL_VARS = ("DJANGO_", "DATABASE_URL", "CELERY_", "REDIS_URL", "EMAIL_", "CONN_MAX_AGE",
               "DEFAULT_FROM_EMAIL", "PORTAL_")
PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 20 + "Zq9!" * 12,
              "DJANGO_ALLOWED_HOSTS": "portal.example.org",
              "PORTAL_BASE_URL": "https://portal.example.org"}


def load_settings(**env):
    """Import the settings module in a subprocess with only the given portal variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(PORTAL_VARS)}
    clean.update(env)
    code = (
        "import json, network_portal.settings as s; print(json.dumps({"
        "'DEBUG': s.DEBUG, 'DB': s.DATABASES['default'], 'EAGER': s.CELERY_TASK_ALWAYS_EAGER,"
        "'BROKER': s.CELERY_BROKER_URL, 'EMAIL': s.EMAIL_BACKEND, 'MAILDIR': s.EMAIL_FILE_PATH,"
        "'CACHE': s.CACHES['default']['BACKEND'], 'LANG': s.LANGUAGE_CODE, 'TZ': s.TIME_ZONE,"
        "'HSTS': getattr(s, 'SECURE_HSTS_SECONDS', 0), 'HOSTS': s.ALLOWED_HOSTS}, default=str))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,
                            capture_output=True, text=True, timeout=60)
    return result


def test_it_defaults_to_sqlite_eager_tasks_and_mail_files():
    result = load_settings()
    values = json.loads(result.stdout)

    assert values["DEBUG"] is True
    assert values["DB"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB"]["NAME"].endswith("var/db.sqlite3")
    assert values["EAGER"] is True
    assert values["EMAIL"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["MAILDIR"].endswith("var/mail")
    assert values["CACHE"].endswith("LocMemCache")
    assert (values["LANG"], values["TZ"]) == ("de", "Europe/Berlin")


def test_it_uses_postgres_redis_and_a_broker_from_the_environment():
    result = load_settings(
        DATABASE_URL="postgres://portal:secret@db.internal:5432/portal",
        CELERY_BROKER_URL="redis://redis.internal:6379/0", REDIS_URL="redis://redis.internal:6379/1",
    )
    values = json.loads(result.stdout)

    assert values["DB"]["ENGINE"] == "django.db.backends.postgresql"
    assert values["DB"]["HOST"] == "db.internal"
    # Kept connections: a fresh one per request costs about 12x throughput.
    assert values["DB"]["CONN_MAX_AGE"] == 600
    assert values["DB"]["CONN_HEALTH_CHECKS"] is True
    assert values["EAGER"] is False
    assert values["BROKER"] == "redis://redis.internal:6379/0"
    assert values["CACHE"].endswith("RedisCache")


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = load_settings(**{**PRODUCTION, "DJANGO_SECRET_KEY": ""})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_it_refuses_to_start_without_its_public_address_when_debug_is_off():
    result = load_settings(**{**PRODUCTION, "PORTAL_BASE_URL": ""})

    assert result.returncode != 0
    assert "PORTAL_BASE_URL is not set" in result.stderr


def test_production_settings_turn_on_hsts_and_smtp():
    result = load_settings(**{**PRODUCTION,
                              "DJANGO_ALLOWED_HOSTS": "portal.example.org,www.portal.example.org"})
    values = json.loads(result.stdout)

    assert values["DEBUG"] is False
    assert values["HSTS"] == 31536000
    assert values["EMAIL"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["HOSTS"] == ["portal.example.org", "www.portal.example.org"]


def test_check_deploy_is_clean_with_production_variables():
    env = {k: v for k, v in os.environ.items() if not k.startswith(PORTAL_VARS)}
    env.update(PRODUCTION)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
