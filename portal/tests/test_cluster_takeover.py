"""Issue 9, item 2, as an attacker walks it: the manager of cluster X adds cluster Y's member,
asks to represent it, confirms that request in their own queue, and downloads the participant
lists of the events it organises. Each step must fail until Y consents (and the last ones even
then: nobody confirms their own representation)."""

import pytest
from django.urls import reverse

from events.tests.factories import EventFactory, RegistrationFactory
from members import permissions, services
from members.models import Membership, Representative
from members.tests.factories import ClusterFactory, MembershipFactory, OrganizationFactory
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def company_of_y():
    cluster_y = ClusterFactory(name="Cluster Y", slug="cluster-y")
    manager_y = make_user("manager-y@example.com", role="cluster-manager", cluster=cluster_y)
    company = OrganizationFactory(name="Bipolar GmbH", slug="bipolar-gmbh")
    MembershipFactory(organization=company, cluster=cluster_y)
    event = EventFactory(organisers=[company])
    RegistrationFactory(event=event, name="Dora Diät", email="dora@example.com",
                        diet="vegan", accessibility="Rollstuhl")
    return company, manager_y, event


def test_the_manager_of_x_gets_neither_curation_nor_the_participant_lists(
        client, cluster, cluster_manager, company_of_y):
    company, manager_y, event = company_of_y
    client.force_login(cluster_manager)
    participants = reverse("events:participants", args=[event.slug])

    # 1. Add the company as a member of X: only a request, waiting for Y.
    client.post(reverse("members:memberships", args=[cluster.slug]),
                {"action": "add", "organization": company.pk, "role": "member"})
    membership = Membership.objects.get(cluster=cluster, organization=company)
    assert membership.status == Membership.Status.PENDING
    # 2. Curate and edit it: refused.
    assert client.get(reverse("members:curate", args=[company.slug])).status_code == 403
    assert client.get(reverse("members:edit", args=[company.slug])).status_code == 403
    # 3. Ask to represent it, 4. confirm that request oneself: refused.
    client.post(reverse("members:represent", args=[company.slug]), {"message": ""})
    request = Representative.objects.get(user=cluster_manager, organization=company)
    assert client.post(reverse("members:decide_representative", args=[request.pk]),
                       {"decision": "confirm"}).status_code == 403
    # 5. The participant lists (names, e-mails, diets) of the company's events: refused.
    assert client.get(participants).status_code == 403
    assert client.get(participants, {"format": "csv"}).status_code == 403

    # Even once Y accepts the membership, the manager of X cannot confirm themselves.
    services.decide_membership(membership, by=manager_y, accept=True)
    manager_x = type(cluster_manager).objects.get(pk=cluster_manager.pk)
    assert permissions.can_curate_organisation(manager_x, company)
    response = client.post(reverse("members:decide_representative", args=[request.pk]),
                           {"decision": "confirm"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Representative.Status.REQUESTED
    assert client.get(participants).status_code == 403
    assert "dora@example.com" not in client.get(participants).content.decode()


def test_when_y_confirms_the_representative_the_list_opens(client, cluster_manager,
                                                           company_of_y):
    company, manager_y, event = company_of_y
    request = services.request_representation(company, by=cluster_manager)

    services.decide_representation(request, by=manager_y, confirm=True)

    client.force_login(cluster_manager)
    response = client.get(reverse("events:participants", args=[event.slug]))
    assert response.status_code == 200
    assert "dora@example.com" in response.content.decode()
