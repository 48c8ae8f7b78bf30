"""A cluster's profile lists its members in pages, with a search by name."""

import pytest

from members.models import Membership, Organization
from members.tests.factories import ClusterFactory, MembershipFactory, OrganizationFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def campus():
    return ClusterFactory(name="Campus Zwickau", slug="campus")


def grow(cluster, count, start=0):
    for n in range(start, start + count):
        MembershipFactory(cluster=cluster, organization=OrganizationFactory(
            name=f"Mitglied {n:03}", region=region("sachsen")))


def names(response):
    return [m.organization.name for m in response.context["members"]]


def test_the_members_come_in_pages_of_50_with_links_to_the_others(client, campus):
    grow(campus, 120)

    first = client.get(campus.get_absolute_url())
    third = client.get(campus.get_absolute_url(), {"page": 3})

    assert names(first) == [f"Mitglied {n:03}" for n in range(50)]
    assert names(third) == [f"Mitglied {n:03}" for n in range(100, 120)]
    content = first.content.decode()
    assert "120 Mitglieder" in content
    assert 'href="?page=2#members"' in content and 'href="?page=3#members"' in content


def test_only_published_active_members_are_listed(client, campus):
    grow(campus, 2)
    MembershipFactory(cluster=campus, organization=OrganizationFactory(
        name="Entwurf GmbH", status=Organization.Status.DRAFT))
    MembershipFactory(cluster=campus, organization=OrganizationFactory(name="Gefragt AG"),
                      status=Membership.Status.PENDING)

    assert names(client.get(campus.get_absolute_url())) == ["Mitglied 000", "Mitglied 001"]


def test_the_search_narrows_the_members_by_name_and_pages_keep_it(client, campus):
    grow(campus, 60)
    MembershipFactory(cluster=campus, organization=OrganizationFactory(name="Zellwerk Plauen"))

    found = client.get(campus.get_absolute_url(), {"q": " zellwerk "})
    paged = client.get(campus.get_absolute_url(), {"q": "Mitglied", "page": 2})
    none = client.get(campus.get_absolute_url(), {"q": "Quanten"})

    assert names(found) == ["Zellwerk Plauen"]
    assert 'value="zellwerk"' in found.content.decode()
    assert names(paged) == [f"Mitglied {n:03}" for n in range(50, 60)]
    assert 'href="?q=Mitglied&amp;page=1#members"' in paged.content.decode()
    assert names(none) == []
    assert "Kein Mitglied dieses Netzwerks hat diesen Namen." in none.content.decode()


def test_the_profile_of_a_cluster_needs_the_same_queries_for_few_and_many_members(
        client, campus, django_assert_num_queries):
    # 1 the cluster with its region, 2 stages, 3 topics, 4 its own memberships, 5 its contact
    # persons, 6 count of its members, 7 their page (names, roles, regions), and the hooks:
    # 8 upcoming events it organises, 9 trips.
    grow(campus, 5)
    with django_assert_num_queries(9) as first:
        response = client.get(campus.get_absolute_url())
    assert len(names(response)) == 5
    grow(campus, 150, start=5)
    with django_assert_num_queries(len(first)):
        response = client.get(campus.get_absolute_url())
    assert len(names(response)) == 50
