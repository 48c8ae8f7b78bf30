"""The main pages are valid HTML: rendered to files and checked by the Nu HTML Checker (vnu),
and so is every form sent back with errors (portal/tests/form_pages.py).

`.ci/run` installs the checker (npm package `vnu-jar`) under var/vnu/; Java 17 runs it. In CI a
missing Java or checker fails the test; on a laptop it is skipped with the reason.
"""

import os
import subprocess
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from delegations.models import DelegationTrip
from events import services as event_services
from events.models import Event, Registration
from matchmaking.models import Introduction
from members.models import Organization
from network_portal.models import User
from portal.tests.form_pages import error_pages

pytestmark = pytest.mark.vnu

IN_CI = os.environ.get("CI", "").lower() in {"1", "true"}
from network_portal.testing import VNU_JAR  # noqa: E402
from network_portal.testing import require_vnu as _require_vnu  # noqa: E402


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo's guard; pages render the same
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    # A time with microseconds, as events created "now + n days" have: <time datetime> must
    # still carry at most three digits of a second.
    event = Event.objects.get(slug="workshop-batterierecycling-2027")
    event.starts_at = timezone.now() + timedelta(days=40, microseconds=123456)
    event.ends_at = event.starts_at + timedelta(hours=3, microseconds=654321)
    event.save(update_fields=["starts_at", "ends_at"])
    return event


def _pages(demo):
    event = demo
    trip = DelegationTrip.objects.get(slug="akkumulatoren-campus-auvergne-rhone-alpes-2027")
    profile = Organization.objects.get(slug="whz")
    manager = User.objects.get(email="clustermanager@demo.example")
    member = User.objects.get(email="henrike.hahn@demo.example")
    representative = User.objects.get(email="vertretung@demo.example")
    Registration.objects.get_or_create(
        event=event, email=member.email,
        defaults={"user": member, "name": "Henrike Hahn", "organisation": profile})
    # A text only in German: marked lang="de" and "(only in German)" for English readers, and
    # the editors' notice that the English version is missing.
    german_only = (Event.objects.filter(title_de__endswith="(Kopie)").first()
                   or event_services.copy_event(event, by=manager))
    Event.objects.filter(pk=german_only.pk).update(title_en="", description_en="",
                                                   status=Event.Status.PUBLISHED)
    return [
        # name, path, who is logged in
        ("home", "/", None),
        ("directory", "/members/", None),
        ("profile", profile.get_absolute_url(), None),
        ("value-chain", "/value-chain/", None),
        ("events", "/events/", None),
        ("event", event.get_absolute_url(), None),
        ("event-german-only", german_only.get_absolute_url(), None),
        ("event-edit-german-only", f"/events/{german_only.slug}/edit/", manager),
        ("register", f"/events/{event.slug}/register/", member),
        ("register-guest", f"/events/{event.slug}/register/", None),
        ("register-group-guest", f"/events/{event.slug}/register/group/", None),
        ("register-group", f"/events/{event.slug}/register/group/", member),
        ("trips", "/delegations/", None),
        ("trip", trip.get_absolute_url(), None),
        ("login", "/accounts/login/", None),
        ("signup", "/accounts/signup/", None),
        ("my-portal-member", "/my/", member),
        ("my-portal-manager", "/my/", manager),
        ("participants", f"/events/{event.slug}/participants/", manager),
        ("trip-participants", f"/delegations/{trip.slug}/participants/", manager),
        ("profile-member", "/members/volkswagen-sachsen/", member),
        ("partners", "/matchmaking/whz/partners/?region=sachsen", member),
        ("offers-and-needs", "/matchmaking/whz/offers-and-needs/", representative),
        ("contact", "/matchmaking/manz/contact/", representative),
        ("introduction", Introduction.objects.get().get_absolute_url(), manager),
    ]


def test_the_main_pages_are_valid_html(client, demo, tmp_path):
    java = _require_vnu()
    files = []
    for language in ("de", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for name, path, user in _pages(demo):
            if user:
                client.force_login(user)
            else:
                client.logout()
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = client.get(path)
            assert response.status_code == 200, (name, path, response.status_code)
            page = tmp_path / f"{name}.{language}.html"
            page.write_bytes(response.content)
            files.append(str(page))

    # The same forms sent with mistakes: error summary, aria-describedby to the errors.
    for language in ("de", "en"):
        for name, path, user, data in error_pages():
            client.logout()
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            if user:
                client.force_login(user)
            response = client.post(path, data)
            assert response.status_code == 200, (name, path, response.status_code)
            assert b"data-error-summary" in response.content, name
            page = tmp_path / f"errors-{name}.{language}.html"
            page.write_bytes(response.content)
            files.append(str(page))

    result = subprocess.run([java, "-jar", VNU_JAR, "--errors-only", *files],
                            capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stderr.replace(str(tmp_path) + "/", "") or result.stdout
