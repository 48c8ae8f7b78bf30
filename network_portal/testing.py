"""Helpers the tests of every app share."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from network_portal import services

PASSWORD = "a-long-test-password-1"


def make_user(email: str, *, role: str | None = None, cluster=None, password: str = PASSWORD,
              **fields):
    """An active account with a verified e-mail address and, optionally, a role."""
    user = get_user_model().objects.create_user(email=email, password=password, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        services.grant_role(user, role, cluster=cluster)
    return user


def axe_violations(page, *, impacts=("serious", "critical")):
    """Serious and critical accessibility violations axe finds on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"] if v["impact"] in impacts
    ]


def restore_migration_data():
    """Re-create what data migrations load (roles, vocabularies).

    Transactional tests (browser journeys, concurrency, Celery worker) empty every table
    afterwards, including rows the data migrations made; the next such test gets them back here.
    """
    import importlib

    from django.apps import apps

    importlib.import_module("network_portal.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("members.migrations.0003_vocabularies").load(apps, None)


def wait_for(predicate, timeout: float = 30.0) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds pass (for tests with a real worker)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False
