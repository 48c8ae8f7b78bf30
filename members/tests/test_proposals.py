"""Proposing a missing organisation (/members/new/): names that show as nothing, and a cap on the
proposals one person has waiting for review."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from members import services
from members.models import Organization
from network_portal.models import OutgoingEmail

INVISIBLE = "\u200e\u200f\u200e"  # left-to-right and right-to-left marks: nothing to see


def propose(client, cluster, name):
    return client.post(reverse("members:propose"), {
        "name": name, "kind": "company", "cluster": cluster.pk, "city": "Aue"})


def test_a_name_of_only_direction_marks_is_refused_with_a_message(client, member, cluster,
                                                                  cluster_manager):
    client.force_login(member)

    response = propose(client, cluster, INVISIBLE)

    assert response.status_code == 200
    assert "Der Name muss mindestens einen Buchstaben oder eine Ziffer enthalten." in (
        response.content.decode())
    assert not Organization.objects.filter(status=Organization.Status.PENDING).exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("name", ["-–—", "...", "\u2063\u2060 \u00a0"])
def test_names_without_a_letter_or_digit_are_refused_by_the_service(member, cluster, name):
    with pytest.raises(services.CurationError, match="Buchstaben oder eine Ziffer"):
        services.propose_organisation(by=member, name=name, kind="company", cluster=cluster)


def test_a_name_with_letters_between_marks_is_accepted(member, cluster):
    organisation = services.propose_organisation(by=member, name=f"{INVISIBLE}Akku 3{INVISIBLE}",
                                                 kind="company", cluster=cluster)

    assert organisation.status == Organization.Status.PENDING


def test_a_cluster_manager_cannot_create_a_member_without_a_visible_name(cluster, cluster_manager):
    with pytest.raises(services.CurationError, match="Buchstaben oder eine Ziffer"):
        services.create_member(cluster, by=cluster_manager, name=INVISIBLE, kind="company")


def test_a_fourth_open_proposal_is_refused_with_a_message(client, member, cluster):
    client.force_login(member)
    for n in range(3):
        assert propose(client, cluster, f"Zellwerk {n}").status_code == 302

    response = propose(client, cluster, "Zellwerk 3")

    assert response.status_code == 200
    assert "so viele vorgeschlagene Organisationen" in response.content.decode()
    assert not Organization.objects.filter(name="Zellwerk 3").exists()
    assert Organization.objects.filter(status=Organization.Status.PENDING).count() == 3


def test_a_decided_proposal_no_longer_counts(member, cluster, cluster_manager):
    first, *_ = [services.propose_organisation(by=member, name=f"Zellwerk {n}", kind="company",
                                               cluster=cluster) for n in range(3)]

    services.curate(first, by=cluster_manager, status=Organization.Status.PUBLISHED,
                    stages=[], topics=[])

    assert services.propose_organisation(by=member, name="Zellwerk 3", kind="company",
                                         cluster=cluster).status == Organization.Status.PENDING


def test_the_cap_is_a_setting_and_counts_each_person_apart(member, cluster, settings):
    from network_portal.testing import make_user

    settings.PORTAL_MAX_OPEN_PROPOSALS = 1
    services.propose_organisation(by=member, name="Zellwerk", kind="company", cluster=cluster)

    with pytest.raises(services.CurationError, match="vorgeschlagene Organisationen"):
        services.propose_organisation(by=member, name="Zellwerk 2", kind="company", cluster=cluster)
    other = make_user("andere@example.com")
    assert services.propose_organisation(by=other, name="Zellwerk 2", kind="company", cluster=cluster)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_proposals_sent_at_once_cannot_both_pass_the_cap(member, cluster, settings):
    settings.PORTAL_MAX_OPEN_PROPOSALS = 1
    barrier = threading.Barrier(2)
    outcomes = []

    def send(n):
        try:
            barrier.wait()
            services.propose_organisation(by=member, name=f"Zellwerk {n}", kind="company",
                                          cluster=cluster)
            outcomes.append("created")
        except services.CurationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created", "refused"]
    assert Organization.objects.filter(status=Organization.Status.PENDING).count() == 1


def test_a_person_registers_a_missing_organisation_for_review(client, member, cluster,
                                                              cluster_manager):
    client.force_login(member)

    response = client.post(reverse("members:propose"), {
        "name": "New", "kind": "company", "cluster": cluster.pk, "city": "Aue",
        "message": "Geschäftsführerin"})

    organisation = Organization.objects.get(name="New")
    assert organisation.slug == "new-2"  # /members/new/ is the form
    assert response["Location"] == reverse("my_portal")
    assert organisation.status == Organization.Status.PENDING
    assert organisation.representatives.get().user == member
    assert OutgoingEmail.objects.filter(to=cluster_manager.email).exists()
    client.force_login(cluster_manager)
    queue = client.get(reverse("members:queue")).context
    assert queue["pending_profiles"] == [organisation]
    assert [r.user for r in queue["representative_requests"]] == [member]


def test_registering_needs_a_login(client, db):
    assert client.get(reverse("members:propose")).status_code == 302
