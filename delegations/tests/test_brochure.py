"""The brochure carries each organisation's website, city and logo, and the contact for
follow-up that the organisers chose for the trip."""

import pytest
from django.urls import reverse

from delegations.models import Application, DelegationTrip
from delegations.tests.factories import ApplicationFactory, OrganizationFactory
from delegations.tests.helpers import trip_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_trip(trip):
    trip.public_overview = True
    trip.save()
    return trip


def test_each_organisation_shows_its_website_city_and_logo(client, public_trip):
    firm = OrganizationFactory(name="Zellwerk Zwickau GmbH", slug="zellwerk", city="Zwickau",
                               website="https://zellwerk.example", logo="logos/zellwerk.png")
    ApplicationFactory(trip=public_trip, organisation=firm, status=Application.Status.ACCEPTED)
    plain = OrganizationFactory(name="Ohne Logo AG", website="")
    ApplicationFactory(trip=public_trip, organisation=plain, status=Application.Status.ACCEPTED)

    content = client.get(url("brochure", public_trip)).content.decode()

    assert '<a href="https://zellwerk.example" class="brochure-url">https://zellwerk.example</a>' \
        in content
    assert "Zwickau" in content
    assert reverse("members:logo", args=["zellwerk"]) in content
    assert content.count('class="organisation-logo-small brochure-logo"') == 1


def test_the_follow_up_contact_is_printed_when_the_organisers_chose_one(client, public_trip):
    assert "Ansprechperson für die Nachbereitung" not in client.get(
        url("brochure", public_trip)).content.decode()
    DelegationTrip.objects.filter(pk=public_trip.pk).update(
        follow_up_name="Petra Nachfrage", follow_up_role="Clustermanagement, Batterie-Cluster",
        follow_up_email="nachfrage@cluster.example", follow_up_phone="+49 375 123")

    content = client.get(url("brochure", public_trip)).content.decode()

    assert "Ansprechperson für die Nachbereitung" in content
    assert "Petra Nachfrage" in content and "Clustermanagement, Batterie-Cluster" in content
    assert 'href="mailto:nachfrage@cluster.example"' in content
    assert 'href="tel:+49375123"' in content


def test_the_organisers_choose_the_contact_in_the_trip_form(client, trip, cluster,
                                                            cluster_manager):
    client.force_login(cluster_manager)
    response = client.post(url("edit", trip), trip_data(
        trip, cluster, follow_up_name="Petra Nachfrage", follow_up_role="Clustermanagement",
        follow_up_email="nachfrage@cluster.example", follow_up_phone="+49 375 123"))

    assert response.status_code == 302
    trip.refresh_from_db()
    assert (trip.follow_up_name, trip.follow_up_email) == ("Petra Nachfrage",
                                                           "nachfrage@cluster.example")


def test_an_address_without_a_name_is_refused_and_changes_nothing(client, trip, cluster,
                                                                  cluster_manager):
    client.force_login(cluster_manager)
    response = client.post(url("edit", trip), trip_data(
        trip, cluster, follow_up_email="nachfrage@cluster.example"))

    assert response.status_code == 200
    assert "Nennen Sie die Person, zu der die Adresse oder Nummer gehört." in \
        response.content.decode()
    trip.refresh_from_db()
    assert trip.follow_up_email == ""


def test_only_the_trips_managers_choose_the_contact(client, trip, cluster, member):
    client.force_login(member)
    response = client.post(url("edit", trip), trip_data(trip, cluster,
                                                        follow_up_name="Jemand"))
    assert response.status_code == 403
    trip.refresh_from_db()
    assert trip.follow_up_name == ""
