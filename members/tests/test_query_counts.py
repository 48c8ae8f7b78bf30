"""Query counts that stay the same however many rows a page shows (few vs many)."""

import pytest
from django.urls import reverse

from members import services
from members.models import Membership, ProfileChangeRequest, Representative
from members.tests.factories import (
    ChangeRequestFactory,
    MembershipFactory,
    OrganizationFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db


def test_a_clusters_member_page_has_the_same_query_count_for_few_and_many_members(
        client, cluster, cluster_manager, django_assert_num_queries):
    client.force_login(cluster_manager)
    url = reverse("members:memberships", args=[cluster.slug])

    def grow(count):
        for _ in range(count):
            MembershipFactory(organization=OrganizationFactory(), cluster=cluster)
            MembershipFactory(organization=OrganizationFactory(), cluster=cluster,
                              status=Membership.Status.PENDING, requested_by=cluster_manager)
            MembershipFactory(organization=OrganizationFactory(), cluster=cluster,
                              status=Membership.Status.DECLINED, requested_by=cluster_manager,
                              decided_by=cluster_manager)

    # 1 session, 2 user (with their groups, portal.auth), 3 the cluster, 4 managed clusters
    # (can_manage_cluster), 5 memberships (active, waiting, declined) with their organisations
    # and people, 6 organisations to add (form choices), 7 regions (new-member form).
    grow(3)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    grow(60)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["members"]) == 63
    assert len(response.context["pending"]) == len(response.context["declined"]) == 63


FEW = {"city": "Chemnitz", "region": "bayern"}
MANY = {"city": "Plauen", "region": "sachsen", "size": "large", "street": "Weg 1",
        "postcode": "08056", "phone": "0375 1", "email": "info@example.com",
        "website": "https://example.com", "keywords": "Zellen, Recycling",
        "description_de": "Neu", "description_en": "New"}


@pytest.fixture
def requests_few_and_many(cluster, representative, cluster_manager):
    """A pending and an approved change request of 2 fields each, and of 11 fields each."""
    result = {}
    for label, values in (("few", FEW), ("many", MANY)):
        for approved in (False, True):
            organisation = OrganizationFactory()
            MembershipFactory(organization=organisation, cluster=cluster)
            RepresentativeFactory(organization=organisation, user=representative,
                                  status=Representative.Status.CONFIRMED)
            vars(representative).pop("_portal_represented", None)  # cached by permissions
            change_request = services.edit_profile(organisation, by=representative, values=values)
            if approved:
                services.review_change_request(change_request, by=cluster_manager,
                                               approve=True)
            result[label, approved] = change_request
    return result


@pytest.mark.parametrize("approved, expected", [
    # 1 session, 2 user (with their groups, portal.auth), 3 the request with organisation,
    # region, requester and reviewer, 4 managed clusters, 5 the organisation's clusters
    # (can_curate_organisation), 6 the proposed region (the current one came with the request).
    (False, 6),
    # 1-5 as above, 6 the history rows the approval wrote, 7 regions to label them.
    (True, 7),
])
def test_the_review_page_has_the_same_query_count_for_few_and_many_fields(
        client, cluster_manager, requests_few_and_many, django_assert_num_queries,
        approved, expected):
    client.force_login(cluster_manager)

    for label, fields in (("few", 2), ("many", 11)):
        change_request = requests_few_and_many[label, approved]
        with django_assert_num_queries(expected):
            response = client.get(reverse("members:review", args=[change_request.pk]))
        assert response.status_code == 200
        assert len(response.context["diff"]) == fields
    assert change_request.changes.count() == (11 if approved else 0)


def test_the_members_section_of_my_portal_has_the_same_query_count_for_few_and_many(
        client, representative, django_assert_num_queries):
    client.force_login(representative)

    def grow(count):
        for _ in range(count):
            organisation = OrganizationFactory()
            RepresentativeFactory(organization=organisation, user=representative)
            for status in ProfileChangeRequest.Status.values:
                ChangeRequestFactory(organization=organisation, requested_by=representative,
                                     status=status)
            MembershipFactory(organization=organisation, status=Membership.Status.PENDING)

    # 1 session, 2 user, 3 representations with organisations, 4 clusters asking to take in
    # their organisations, 5 the person's change requests with organisations (the last 10),
    # 6 clusters they manage, 7 event registrations, 8 trip applications (the groups come
    # with the user, portal.auth); matchmaking: 9 the organisations they represent, 10-11 the
    # stage and topic vocabularies, 12 the chain table, 13 the first one's stages, 14 its offers
    # and needs (none, so no candidates are looked for), 15 introductions asked, 16 introductions
    # to answer; 17 the B2B meetings one may take part in (matchmaking.meeting_reads
    # .my_portal_sections).
    grow(1)
    with django_assert_num_queries(17):
        response = client.get(reverse("my_portal"))
    assert response.status_code == 200
    grow(40)
    with django_assert_num_queries(17):
        response = client.get(reverse("my_portal"))
    assert response.status_code == 200
    assert response.content.decode().count("Zellwerk") >= 41  # every organisation is listed
