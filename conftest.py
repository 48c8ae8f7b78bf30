"""Shared test fixtures: personas, and the real browser for journeys (see STACK.md)."""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from network_portal.testing import make_user

CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true"}


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests run with DEBUG off, where the manifest storage would need `collectstatic` first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Transactional tests start with the rows data migrations load (a flush removed them)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server"))
    if transactional:
        request.getfixturevalue("transactional_db")
        restore_migration_data()


@pytest.fixture(autouse=True)
def _default_language():
    # The language middleware leaves the request's language active in the thread (streamed
    # exports render after the view returns); a test that switched to English must not leak it.
    from django.utils import translation

    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    # allauth keeps rate limits in the cache: one test's sign-ups must not throttle the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Tests arrange rows with factories, past the services that invalidate cached pages: the
    # page cache is on only where a test asks for it (the `page_cache` fixture).
    settings.PORTAL_PAGE_CACHE = False
    # The query counts the tests pin include the session's query (production reads sessions
    # from Redis: cached_db, as with the `page_cache` fixture).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture
def page_cache(settings):
    """Public pages from the shared cache and sessions from Redis, as in production (needs
    Redis: REDIS_URL)."""
    if not django_settings.REDIS_URL:
        pytest.skip("the page cache needs Redis (REDIS_URL)")
    settings.PORTAL_PAGE_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Tasks run in-process in tests, except where a test starts a real worker."""
    from network_portal.celery import app

    eager = "celery_worker" not in request.keywords
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def mailoutbox_files(settings, tmp_path):
    """E-mails written by the file backend, as the newcomer reads them under var/mail/."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


def restore_migration_data():
    """Re-create what data migrations load (roles, vocabularies).

    Transactional tests (browser journeys, concurrency, Celery worker) empty every table
    afterwards, including rows the data migrations made; the next such test gets them back here.
    """
    import importlib

    from django.apps import apps

    importlib.import_module("network_portal.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("members.migrations.0003_vocabularies").load(apps, None)
    importlib.import_module("matchmaking.migrations.0002_stage_complements").load(apps, None)


# Personas -------------------------------------------------------------------------------------

@pytest.fixture
def member(db):
    return make_user("member@example.com")


@pytest.fixture
def economic_development(db):
    return make_user("wifoe@example.com", role="economic-development")


@pytest.fixture
def admin_user(db):
    return make_user("admin@example.com", role="admin")


@pytest.fixture
def cluster(db):
    from members.models import Organization

    return Organization.objects.create(name="Batterie-Cluster Test", slug="batterie-cluster-test",
                                       kind=Organization.Kind.CLUSTER,
                                       status=Organization.Status.PUBLISHED)


@pytest.fixture
def cluster_manager(db, cluster):
    return make_user("manager@example.com", role="cluster-manager", cluster=cluster)


@pytest.fixture
def other_cluster(db):
    """A second cluster, managed by `other_manager`, not by `cluster_manager`."""
    from members.models import Organization

    return Organization.objects.create(name="Cluster Y", slug="cluster-y",
                                       kind=Organization.Kind.CLUSTER,
                                       status=Organization.Status.PUBLISHED)


@pytest.fixture
def other_manager(db, other_cluster):
    return make_user("other-manager@example.com", role="cluster-manager", cluster=other_cluster)


# Browser --------------------------------------------------------------------------------------

def _require_chromium():
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI runs these.")


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    _require_chromium()
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("chromium-home")
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home)
    # Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """Opens browser tabs, each in a fresh context (its own cookies: another person), that may
    talk only to the live server: any other request fails the test."""
    contexts, foreign = [], []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith("data:"):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    def open_():
        context = browser.new_context(locale="de-DE", base_url=live_server.url)
        context.route("**/*", guard)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        return tab

    yield open_
    for context in contexts:
        context.close()
    assert not foreign, f"The page tried to load from other hosts: {foreign}"


@pytest.fixture
def page(open_page):
    """A fresh browser tab that may talk only to the live server."""
    return open_page()


def pytest_collection_modifyitems(config, items):
    engine = django_settings.DATABASES["default"]["ENGINE"]
    on_postgres = "postgresql" in engine
    has_broker = bool(os.environ.get("CELERY_BROKER_URL"))
    if IN_CI and not (on_postgres and has_broker):
        raise pytest.UsageError("CI runs against PostgreSQL and Redis: set DATABASE_URL and "
                                "CELERY_BROKER_URL (.ci/run does).")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
        if "celery_worker" in item.keywords and not has_broker:
            item.add_marker(pytest.mark.skip(reason="needs Redis: set CELERY_BROKER_URL"))


@pytest.fixture
def celery_worker(tmp_path, transactional_db):
    """A real Celery worker process on the broker from CELERY_BROKER_URL, using the test database.

    Its e-mail goes to files in the folder this fixture returns.
    """
    import subprocess
    import sys
    import time

    from django.db import connection

    maildir = tmp_path / "worker-mail"
    maildir.mkdir()
    env = dict(os.environ)
    settings_dict = connection.settings_dict
    env.update(
        DATABASE_URL=(f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@"
                      f"{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(maildir),
    )
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    # Tasks the worker itself sends (a reminder run queueing its e-mails) stay on this queue.
    env["CELERY_TASK_DEFAULT_QUEUE"] = queue
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "network_portal", "worker", "--pool=solo",
         "--loglevel=WARNING", "-Q", queue, "--without-heartbeat", "--without-gossip",
         "--without-mingle"],
        env=env, cwd=Path(__file__).parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    from network_portal.celery import app

    old_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        time.sleep(3)  # let the worker connect before tasks are sent
        assert worker.poll() is None, worker.stderr.read().decode()
        yield maildir
    finally:
        app.conf.task_default_queue = old_queue
        worker.terminate()
        worker.wait(timeout=20)
