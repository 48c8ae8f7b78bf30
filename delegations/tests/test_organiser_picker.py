"""Organisers and partners are picked with a search, not from a select of every organisation."""

import pytest
from django.urls import reverse

from delegations.models import DelegationTrip
from delegations.tests.factories import OrganizationFactory
from delegations.tests.helpers import new_trip_data
from members.models import Organization

pytestmark = pytest.mark.django_db


def post(client, cluster, **extra):
    data = new_trip_data(cluster)
    data.pop("partners", None)
    data.update(extra)
    return client.post(reverse("delegations:create"), data)


def test_the_form_lists_no_organisation_it_was_not_asked_for(client, cluster, cluster_manager):
    for n in range(30):
        OrganizationFactory(name=f"Firma {n:02}")
    client.force_login(cluster_manager)

    content = client.get(reverse("delegations:create")).content.decode()

    assert 'name="organisers_search" id="id_organisers"' in content
    assert 'name="partners_search" id="id_partners"' in content
    assert '<select name="organisers"' not in content and '<select name="partners"' not in content


def test_one_match_of_the_typed_name_is_added(client, cluster, cluster_manager):
    partner = OrganizationFactory(name="Brainport Development")
    client.force_login(cluster_manager)

    response = post(client, cluster, partners_search="brainport")

    assert response.status_code == 302
    trip = DelegationTrip.objects.get(slug="reise-nach-lyon")
    assert list(trip.partners.all()) == [partner]
    assert list(trip.organisers.all()) == [cluster]


def test_several_matches_are_offered_to_tick(client, cluster, cluster_manager):
    first = OrganizationFactory(name="Zellwerk Nord")
    OrganizationFactory(name="Zellwerk Süd")
    client.force_login(cluster_manager)

    response = post(client, cluster, partners_search="Zellwerk")

    content = response.content.decode()
    assert response.status_code == 200 and "partners" in response.context["form"].errors
    assert "Mehrere passen zu „Zellwerk“" in content
    assert f'name="partners" value="{first.pk}" id="id_partners_match_0"' in content
    assert "Zellwerk Süd" in content
    # The chosen organiser stays ticked.
    assert f'name="organisers" value="{cluster.pk}" id="id_organisers_chosen_0" checked' in content

    response = post(client, cluster, partners=[first.pk])
    assert response.status_code == 302
    assert list(DelegationTrip.objects.get(slug="reise-nach-lyon").partners.all()) == [first]


def test_an_unknown_name_is_an_error_on_the_field(client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    response = post(client, cluster, partners_search="Gibt es nicht")

    assert "Nichts passt zu „Gibt es nicht“." in response.content.decode()


def test_an_organiser_is_required(client, cluster, cluster_manager):
    client.force_login(cluster_manager)
    data = new_trip_data(cluster)
    data.pop("organisers")

    response = client.post(reverse("delegations:create"), data)

    assert "organisers" in response.context["form"].errors


def test_unticking_removes_an_organisation(client, cluster, cluster_manager):
    partner = OrganizationFactory(name="Brainport Development", status=Organization.Status.PUBLISHED)
    client.force_login(cluster_manager)
    post(client, cluster, partners=[partner.pk])
    trip = DelegationTrip.objects.get(slug="reise-nach-lyon")
    assert list(trip.partners.all()) == [partner]
