"""Withdrawing the consent from My portal takes the applicant off the trip's public
participant overview at once; the application stays accepted."""

import pytest

from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, OrganizationFactory


@pytest.fixture
def listed(trip, person):
    trip.public_overview = True
    trip.save()
    return ApplicationFactory(trip=trip, user=person, status="accepted", public_consent=True,
                              organisation=OrganizationFactory(name="Zellwerk Sichtbar GmbH"))


def shown(client, trip) -> bool:
    return "Zellwerk Sichtbar GmbH" in client.get(
        f"/delegations/{trip.slug}/participants/").content.decode()


def test_withdrawing_from_my_portal_hides_the_applicant_at_once(client, listed, person):
    assert shown(client, listed.trip)
    client.force_login(person)
    assert f"/delegations/{listed.trip.slug}/withdraw-consent/" in client.get("/my/").content.decode()

    response = client.post(f"/delegations/{listed.trip.slug}/withdraw-consent/")

    assert response["Location"] == "/my/"
    client.logout()
    assert not shown(client, listed.trip)
    application = Application.objects.get(pk=listed.pk)
    assert (application.status, application.public_consent) == ("accepted", False)


def test_only_ones_own_application(client, listed, member):
    client.force_login(member)

    assert client.post(f"/delegations/{listed.trip.slug}/withdraw-consent/").status_code == 404
    assert Application.objects.get(pk=listed.pk).public_consent


def test_it_needs_a_login(client, listed):
    response = client.post(f"/delegations/{listed.trip.slug}/withdraw-consent/")

    assert response.status_code == 302
    assert Application.objects.get(pk=listed.pk).public_consent
