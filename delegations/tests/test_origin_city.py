"""Where a trip sets off: origin region and city, in the form, the admin and the pages."""

import pytest
from django.urls import reverse

from delegations.models import DelegationTrip
from delegations.tests.factories import TripFactory
from delegations.tests.helpers import new_trip_data
from members.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(db):
    return {r.slug: r for r in Region.objects.filter(slug__in=["sachsen", "auvergne-rhone-alpes"])}


@pytest.mark.parametrize(("origin", "origin_city", "destination", "destination_city", "route"), [
    ("sachsen", "Dresden", "auvergne-rhone-alpes", "Lyon", "Sachsen (Dresden) → Lyon"),
    ("sachsen", "", "auvergne-rhone-alpes", "", "Sachsen → Auvergne-Rhône-Alpes"),
    (None, "Zwickau", None, "Lyon", "Zwickau → Lyon"),
    ("sachsen", "Dresden", None, "", "Sachsen (Dresden)"),
    (None, "", None, "Lyon", "Lyon"),
    (None, "", None, "", ""),
])
def test_the_route(regions, origin, origin_city, destination, destination_city, route):
    trip = DelegationTrip(origin_region=regions.get(origin), origin_city=origin_city,
                          destination_region=regions.get(destination),
                          destination_city=destination_city)

    assert trip.route == route


def test_a_trip_is_created_with_its_origin_city_and_shows_it(client, cluster, cluster_manager,
                                                            regions):
    client.force_login(cluster_manager)
    data = new_trip_data(cluster, status="open", origin_region=regions["sachsen"].pk,
                         origin_city="Dresden",
                         destination_region=regions["auvergne-rhone-alpes"].pk,
                         destination_city="Lyon")

    response = client.post(reverse("delegations:create"), data)

    assert response.status_code == 302, response.context["form"].errors
    trip = DelegationTrip.objects.get(slug="reise-nach-lyon")
    assert trip.origin_city == "Dresden"
    detail = client.get(trip.get_absolute_url()).content.decode()
    assert "<dt>Von – nach</dt><dd>Sachsen (Dresden) → Lyon</dd>" in detail
    assert "Sachsen (Dresden) → Lyon" in client.get(reverse("delegations:list")).content.decode()
    edit = client.get(reverse("delegations:edit", args=[trip.slug])).content.decode()
    assert 'name="origin_city"' in edit and 'value="Dresden"' in edit


def test_a_trip_with_only_a_destination(client, regions):
    trip = TripFactory(destination_region=regions["auvergne-rhone-alpes"], destination_city="Lyon")

    detail = client.get(trip.get_absolute_url()).content.decode()

    assert "<dt>Nach</dt><dd>Lyon</dd>" in detail and "Von – nach" not in detail


def test_the_admin_edits_the_origin_city(client, admin_user):
    client.force_login(admin_user)

    page = client.get(reverse("admin:delegations_delegationtrip_add")).content.decode()

    assert 'name="origin_city"' in page
    assert client.get(reverse("admin:delegations_delegationtrip_changelist"),
                      {"q": "Dresden"}).status_code == 200
