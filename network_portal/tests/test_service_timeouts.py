"""A database, cache or broker that accepts connections and never answers costs seconds, not a
worker: the settings give every connection a timeout (checked against real hung sockets, in a
fresh interpreter with the production settings)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from network_portal.testing import SilentServer

ROOT = Path(__file__).resolve().parents[2]
PORTAL_VARS = ("DJANGO_", "DATABASE_", "CELERY_", "REDIS_", "EMAIL_", "CONN_MAX_AGE", "PORTAL_")
PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 20 + "Zq9!" * 12,
              "DJANGO_ALLOWED_HOSTS": "testserver", "PORTAL_BASE_URL": "https://portal.example.org",
              "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SETTINGS_MODULE": "network_portal.settings"}


def run(code: str, **env) -> dict:
    """Run `code` (which prints one JSON line last) with only these portal variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(PORTAL_VARS)}
    clean.update(PRODUCTION, **env)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,
                            capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


TIMED = """
import json, time, django
django.setup()
started = time.monotonic()
try:
    {action}
    outcome = "answered"
except Exception as error:
    outcome = type(error).__name__ + ": " + str(error)
print(json.dumps({{"outcome": outcome, "seconds": time.monotonic() - started}}))
"""


def test_the_settings_give_database_cache_and_broker_timeouts():
    values = run(
        "import json, network_portal.settings as s; print(json.dumps({"
        "'db': s.DATABASES['default']['OPTIONS'], 'cache': s.CACHES['default']['OPTIONS'],"
        "'broker': s.CELERY_BROKER_TRANSPORT_OPTIONS, 'publish': s.OUTBOX_PUBLISH_TIMEOUT}))",
        DATABASE_URL="postgres://portal:secret@db.internal:5432/portal",
        REDIS_URL="redis://redis.internal:6379/1", CELERY_BROKER_URL="redis://redis.internal:6379/0",
    )

    assert values["db"]["connect_timeout"] == 5
    assert values["cache"] == {"socket_connect_timeout": 2.0, "socket_timeout": 2.0}
    assert values["broker"] == {"socket_timeout": 5.0, "socket_connect_timeout": 5.0}
    assert values["publish"] == 1.0


def test_a_hung_database_gives_the_error_page_within_seconds():
    with SilentServer() as hung:
        values = run(TIMED.format(action=(
            "from django.test import Client, override_settings; "
            # No collectstatic here: the plain storage instead of the manifest.
            "override_settings(STORAGES={'staticfiles': {'BACKEND': "
            "'django.contrib.staticfiles.storage.StaticFilesStorage'}}).enable(); "
            "response = Client(raise_request_exception=False).get('/'); "
            "assert response.status_code == 500, response.status_code; "
            "assert 'ein Fehler ist aufgetreten' in response.content.decode()")),
            DATABASE_URL=f"postgres://portal:secret@127.0.0.1:{hung.port}/portal",
            DATABASE_CONNECT_TIMEOUT="2")

    assert values["outcome"] == "answered"
    assert hung.accepted >= 1
    assert values["seconds"] < 15  # libpq's default: wait as long as the socket does


def test_a_hung_cache_fails_within_seconds():
    with SilentServer() as hung:
        values = run(TIMED.format(action="from django.core.cache import cache; cache.get('x')"),
                     REDIS_URL=f"redis://127.0.0.1:{hung.port}/0")

    assert values["outcome"].startswith(("ConnectionError", "TimeoutError", "OperationalError"))
    assert hung.accepted >= 1
    assert values["seconds"] < 15


def test_a_worker_publishing_to_a_hung_broker_gives_up_within_seconds():
    with SilentServer() as hung:
        values = run(TIMED.format(action=(
            "from network_portal.tasks import dispatch_queued_emails; "
            "dispatch_queued_emails.apply_async(retry=False)")),
            CELERY_BROKER_URL=f"redis://127.0.0.1:{hung.port}/0", CELERY_BROKER_TIMEOUT="1")

    assert values["outcome"].startswith(("ConnectionError", "TimeoutError", "OperationalError"))
    assert hung.accepted >= 1
    assert values["seconds"] < 15
