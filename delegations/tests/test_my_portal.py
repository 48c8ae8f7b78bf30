"""The trips' sections of "My portal": one's applications, the trips one organises."""

from django.urls import reverse

from delegations import selectors, services
from delegations.tests.factories import ApplicationFactory, TripFactory


def test_my_portal_lists_the_trips_a_manager_organises(client, trip, cluster_manager, member):
    ApplicationFactory(trip=trip)
    TripFactory(title_de="Fremde Reise")
    client.force_login(cluster_manager)

    content = client.get(reverse("my_portal")).content.decode()

    assert trip.title_de in content and "1 zu entscheiden, 0 von 2 Plätzen vergeben" in content
    assert "Fremde Reise" not in content
    client.force_login(member)
    assert "Delegationsreisen, die Sie organisieren" not in client.get(reverse("my_portal")).content.decode()


def test_my_portal_sections_need_a_fixed_number_of_queries(trip, cluster_manager, person,
                                                           django_assert_num_queries):
    for _ in range(3):
        services.apply(TripFactory(organisers=[trip.organisers.first()]), person,
                       organisation_name="ACME")
    for _ in range(20):
        ApplicationFactory(trip=trip)
    # applications (+ trip, organisation), groups; for managers also managed clusters and the
    # managed trips (annotated with their counts)
    with django_assert_num_queries(2):
        selectors.my_portal_sections(person)
    with django_assert_num_queries(4):
        selectors.my_portal_sections(cluster_manager)
