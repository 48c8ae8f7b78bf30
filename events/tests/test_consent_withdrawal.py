"""Withdrawing the consent from the secret-link page or My portal hides the organisation from
the event's public participant overview at once."""

import pytest

from events import history
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from network_portal.models import AuditEntry


@pytest.fixture
def listed(db):
    event = EventFactory(public_participants=True)
    registration = RegistrationFactory(event=event, organisation_name="Zellwerk Sichtbar GmbH",
                                       email="member@example.com", public_consent=True,
                                       consent_version="2026-12-01")
    return registration


def shown(client, event) -> bool:
    return "Zellwerk Sichtbar GmbH" in client.get(event.get_absolute_url()).content.decode()


def test_the_secret_link_page_offers_the_withdrawal(client, listed):
    page = client.get(listed.get_absolute_url()).content.decode()

    assert f'action="/events/registration/{listed.token}/withdraw-consent/"' in page


def test_withdrawing_by_the_secret_link_hides_the_organisation_at_once(client, listed):
    assert shown(client, listed.event)

    response = client.post(f"/events/registration/{listed.token}/withdraw-consent/")

    assert response.status_code == 302
    assert response["Location"] == listed.get_absolute_url()
    assert not shown(client, listed.event)
    assert not Registration.objects.get(pk=listed.pk).public_consent
    entry = AuditEntry.objects.get(action=history.CONSENT_WITHDRAWN)
    assert entry.actor is None  # nobody logged in: the secret link
    page = client.get(listed.get_absolute_url()).content.decode()
    assert "withdraw-consent" not in page


def test_withdrawing_from_my_portal_hides_the_organisation_at_once(client, listed, member):
    client.force_login(member)
    portal = client.get("/my/").content.decode()
    assert f'action="/events/registration/{listed.token}/withdraw-consent/"' in portal

    response = client.post(f"/events/registration/{listed.token}/withdraw-consent/",
                           {"back": "my_portal"})

    assert response["Location"] == "/my/"
    assert not shown(client, listed.event)
    assert AuditEntry.objects.get(action=history.CONSENT_WITHDRAWN).actor == member


def test_the_withdrawal_needs_a_post(client, listed):
    assert client.get(f"/events/registration/{listed.token}/withdraw-consent/").status_code == 405
    assert Registration.objects.get(pk=listed.pk).public_consent


def test_an_unknown_token_finds_nothing(client, listed):
    assert client.post("/events/registration/nope/withdraw-consent/").status_code == 404
