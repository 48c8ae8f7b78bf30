"""The cluster manager's work queue: only their clusters, a fixed number of queries."""

from django.urls import reverse

from members.models import (
    Membership,
    Organization,
    Representative,
)
from members.tests.factories import (
    ChangeRequestFactory,
    MembershipFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from network_portal.testing import make_user


def test_members_without_a_role_have_no_work_queue(client, member, representative):
    for user in (member, representative):
        client.force_login(user)
        assert client.get(reverse("members:queue")).status_code == 403


def test_the_work_queue_lists_only_the_managers_clusters(client, cluster_manager, org_a, org_b,
                                                         representative):
    ChangeRequestFactory(organization=org_a, requested_by=representative)
    ChangeRequestFactory(organization=org_b)
    RepresentativeFactory(organization=org_b, user=make_user("b@example.com"),
                          status=Representative.Status.REQUESTED)
    pending = OrganizationFactory(name="Wartend GmbH", status=Organization.Status.PENDING)
    MembershipFactory(organization=pending, cluster=org_a.memberships.get().cluster)
    OrganizationFactory(name="Fremd wartend", status=Organization.Status.PENDING)
    client.force_login(cluster_manager)

    response = client.get(reverse("members:queue"))

    assert [c.organization for c in response.context["change_requests"]] == [org_a]
    assert response.context["representative_requests"] == []
    assert response.context["pending_profiles"] == [pending]


def test_the_work_queue_query_count_is_fixed(client, cluster_manager, cluster, representative,
                                            other_cluster, other_manager,
                                            django_assert_num_queries):
    def grow(count):
        for _ in range(count):
            organisation = OrganizationFactory(status=Organization.Status.PENDING)
            MembershipFactory(organization=organisation, cluster=cluster)
            ChangeRequestFactory(organization=organisation, requested_by=representative)
            RepresentativeFactory(organization=organisation, user=representative,
                                  status=Representative.Status.REQUESTED)
            MembershipFactory(organization=organisation, cluster=other_cluster,
                              status=Membership.Status.PENDING, requested_by=other_manager)

    client.force_login(cluster_manager)
    # 1 session, 2 user (with their groups and representations, portal.auth), 3 managed
    # clusters, 4 pending profiles, 5 change requests, 6 representative requests, 7 membership
    # requests.
    grow(2)
    with django_assert_num_queries(7):
        response = client.get(reverse("members:queue"))
    assert len(response.context["membership_requests"]) == 2
    grow(20)
    with django_assert_num_queries(7):
        client.get(reverse("members:queue"))
