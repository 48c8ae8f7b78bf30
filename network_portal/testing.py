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


def wait_for(predicate, timeout: float = 30.0) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds pass (for tests with a real worker)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False
