"""A cluster's member page: adding, creating and removing members."""

import pytest
from django.urls import reverse

from members import services
from members.models import (
    Membership,
    Organization,
    ProfileChange,
)
from members.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
)


def test_a_manager_adds_and_removes_members_of_their_cluster(client, cluster_manager, cluster):
    newcomer = OrganizationFactory(name="Neu GmbH")
    client.force_login(cluster_manager)
    url = reverse("members:memberships", args=[cluster.slug])

    client.post(url, {"action": "add", "organization": newcomer.pk, "role": "partner",
                      "since": "2027-01-01"})
    membership = newcomer.memberships.get()
    assert (membership.cluster, membership.role) == (cluster, "partner")
    client.post(url, {"action": "remove", "membership": membership.pk})

    assert not newcomer.memberships.exists()
    assert ProfileChange.objects.filter(organization=newcomer, field="memberships").count() == 2


def test_a_manager_creates_a_draft_member_of_their_cluster(client, cluster_manager, cluster):
    client.force_login(cluster_manager)

    response = client.post(reverse("members:memberships", args=[cluster.slug]),
                           {"action": "create", "name": "Curation", "kind": "company",
                            "city": "Plauen"})

    organisation = Organization.objects.get(name="Curation")
    assert organisation.slug == "curation-2"  # the address /members/curation/ is taken
    assert organisation.status == Organization.Status.DRAFT
    assert organisation.memberships.get().cluster == cluster
    assert response["Location"] == reverse("members:edit", args=[organisation.slug])


def test_a_bad_remove_value_is_not_found(client, cluster_manager, cluster):
    client.force_login(cluster_manager)

    response = client.post(reverse("members:memberships", args=[cluster.slug]),
                           {"action": "remove", "membership": "x"})

    assert response.status_code == 404


def test_a_manager_cannot_take_over_another_clusters_unpublished_member(
        client, cluster_manager, cluster, other_cluster):
    hidden = OrganizationFactory(name="Geheim GmbH", status=Organization.Status.DRAFT)
    MembershipFactory(organization=hidden, cluster=other_cluster)
    client.force_login(cluster_manager)
    url = reverse("members:memberships", args=[cluster.slug])

    assert "Geheim GmbH" not in client.get(url).content.decode()
    response = client.post(url, {"organization": hidden.pk, "role": "member"})

    assert response.status_code == 200
    assert not hidden.memberships.filter(cluster=cluster).exists()
    with pytest.raises(services.CurationError):
        services.add_membership(cluster, hidden, by=cluster_manager, role="member")
    assert client.get(reverse("members:curate", args=[hidden.slug])).status_code == 403


def test_a_manager_asks_to_add_a_published_member_of_another_cluster(cluster_manager, cluster,
                                                                     org_b):
    # Until issue 9 this membership was active at once (and handed over the curation of org_b);
    # now it waits for the consent of cluster Y (test_membership_consent.py).
    membership = services.add_membership(cluster, org_b, by=cluster_manager, role="partner")

    assert membership.status == Membership.Status.PENDING
    assert set(org_b.memberships.values_list("cluster__slug", flat=True)) == {
        "cluster-y", "batterie-cluster-test"}


def test_the_pressed_button_decides_which_form_was_sent(client, cluster_manager, cluster):
    newcomer = OrganizationFactory(name="Neu GmbH")
    client.force_login(cluster_manager)
    url = reverse("members:memberships", args=[cluster.slug])
    both_forms = {"organization": newcomer.pk, "role": "member", "name": "Zweite AG",
                  "kind": "company"}

    assert client.post(url, both_forms).status_code == 200  # no button: nothing happens
    assert not newcomer.memberships.exists()
    client.post(url, {"action": "add", **both_forms})

    assert newcomer.memberships.get().cluster == cluster
    assert not Organization.objects.filter(name="Zweite AG").exists()


def test_a_draft_member_without_a_readable_name_is_refused_with_a_message(client, cluster_manager,
                                                                          cluster):
    client.force_login(cluster_manager)

    response = client.post(reverse("members:memberships", args=[cluster.slug]),
                           {"action": "create", "name": "\u200e\u200f", "kind": "company"})

    assert response.status_code == 200
    assert "mindestens einen Buchstaben" in response.content.decode()
    assert not Organization.objects.filter(kind="company").exists()
