"""Representatives: asking to represent, the managers' decision, removal, and the e-mails."""

import pytest
from django.urls import reverse

from members import permissions, services
from members.models import (
    ProfileChange,
    ProfileChangeRequest,
    Representative,
)
from members.tests.factories import (
    RepresentativeFactory,
)
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user


def test_a_person_asks_to_represent_and_the_cluster_manager_is_told(client, org_a, member,
                                                                   cluster_manager):
    client.force_login(member)

    response = client.post(reverse("members:represent", args=[org_a.slug]), {"message": "CEO"})

    assert response.status_code == 302
    representative = Representative.objects.get(user=member, organization=org_a)
    assert representative.status == Representative.Status.REQUESTED
    assert OutgoingEmail.objects.get(to=cluster_manager.email).subject == \
        "Anfrage als Vertreter/in für Anoden AG"


def test_the_cluster_manager_confirms_and_the_person_is_told_in_their_language(
        client, org_a, cluster_manager):
    person = make_user("ines@example.com", language="en")
    representative = RepresentativeFactory(user=person, organization=org_a,
                                           status=Representative.Status.REQUESTED)
    client.force_login(cluster_manager)

    client.post(reverse("members:decide_representative", args=[representative.pk]),
                {"decision": "confirm"})

    representative.refresh_from_db()
    assert representative.status == Representative.Status.CONFIRMED
    assert representative.decided_by == cluster_manager
    assert OutgoingEmail.objects.get(to=person.email).subject == "You now represent Anoden AG"


def test_a_manager_of_another_cluster_cannot_decide(client, org_a, other_manager):
    representative = RepresentativeFactory(user=make_user("x@example.com"), organization=org_a,
                                           status=Representative.Status.REQUESTED)
    client.force_login(other_manager)

    response = client.post(reverse("members:decide_representative", args=[representative.pk]),
                           {"decision": "confirm"})

    assert response.status_code == 403
    representative.refresh_from_db()
    assert representative.status == Representative.Status.REQUESTED


def test_asking_twice_is_refused(org_a, member):
    services.request_representation(org_a, by=member)

    with pytest.raises(services.CurationError):
        services.request_representation(org_a, by=member)


def test_anonymous_visitors_must_log_in_to_ask(client, org_a):
    response = client.post(reverse("members:represent", args=[org_a.slug]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_profile_says_when_a_request_is_waiting(client, org_a, member):
    services.request_representation(org_a, by=member)
    client.force_login(member)

    content = client.get(org_a.get_absolute_url()).content.decode()

    assert "wartet auf das Clustermanagement" in content
    assert reverse("members:represent", args=[org_a.slug]) not in content


@pytest.mark.parametrize("decision", ["", "approve", "confirm "])
def test_a_decision_that_is_neither_confirm_nor_reject_changes_nothing(client, org_a,
                                                                       cluster_manager, decision):
    person = make_user("ines@example.com")
    representative = RepresentativeFactory(user=person, organization=org_a,
                                           status=Representative.Status.REQUESTED)
    client.force_login(cluster_manager)

    response = client.post(reverse("members:decide_representative", args=[representative.pk]),
                           {"decision": decision}, follow=True)

    representative.refresh_from_db()
    assert representative.status == Representative.Status.REQUESTED
    assert not OutgoingEmail.objects.filter(to=person.email).exists()
    assert "bestätigen oder ablehnen" in response.content.decode()


def test_deciding_a_representative_twice_is_refused_with_a_message(client, org_a,
                                                                  cluster_manager):
    person = make_user("ines@example.com")
    representative = RepresentativeFactory(user=person, organization=org_a,
                                           status=Representative.Status.REQUESTED)
    client.force_login(cluster_manager)
    url = reverse("members:decide_representative", args=[representative.pk])
    client.post(url, {"decision": "confirm"})

    response = client.post(url, {"decision": "reject"}, follow=True)

    representative.refresh_from_db()
    assert representative.status == Representative.Status.CONFIRMED
    assert "wurde bereits entschieden" in response.content.decode()
    assert OutgoingEmail.objects.filter(to=person.email).count() == 1


def test_the_service_refuses_a_manager_of_another_cluster(org_a, other_manager):
    representative = RepresentativeFactory(user=make_user("x@example.com"), organization=org_a,
                                           status=Representative.Status.REQUESTED)

    with pytest.raises(services.CurationError):
        services.decide_representation(representative, by=other_manager, confirm=True)


def test_a_manager_removes_a_representative_who_left(client, org_a, representative,
                                                    cluster_manager):
    services.edit_profile(org_a, by=representative, values={"city": "Chemnitz"})
    client.force_login(cluster_manager)
    assert "rep@example.com" in client.get(org_a.get_absolute_url()).content.decode()
    link = Representative.objects.get(user=representative)

    client.post(reverse("members:revoke_representative", args=[link.pk]))

    assert not Representative.objects.filter(user=representative).exists()
    assert not ProfileChangeRequest.objects.exists()  # their waiting proposal is withdrawn
    assert ProfileChange.objects.filter(field="representatives", changed_by=cluster_manager,
                                        old_value__startswith="Rita Rep").exists()
    client.force_login(representative)
    assert client.get(reverse("members:edit", args=[org_a.slug])).status_code == 403


def test_only_the_organisations_curators_remove_representatives(client, org_a, representative,
                                                               other_manager):
    link = Representative.objects.get(user=representative)
    url = reverse("members:revoke_representative", args=[link.pk])

    for user in (other_manager, representative):
        client.force_login(user)
        assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    with pytest.raises(services.CurationError):
        services.revoke_representation(link, by=other_manager)
    assert Representative.objects.filter(pk=link.pk).exists()


def test_a_removed_representative_is_told(client, org_a, representative, cluster_manager):
    link = Representative.objects.get(user=representative)
    client.force_login(cluster_manager)

    client.post(reverse("members:revoke_representative", args=[link.pk]))

    email = OutgoingEmail.objects.get(to=representative.email)  # representative reads English
    assert email.subject == "You no longer represent Anoden AG"
    assert "can no longer edit its profile" in email.body_text
    assert email.key == f"members:representative:{link.pk}:removed"


def test_a_refused_removal_sends_no_mail(client, org_a, representative, other_manager,
                                        cluster_manager):
    link = Representative.objects.get(user=representative)
    client.force_login(other_manager)

    assert client.post(reverse("members:revoke_representative", args=[link.pk])).status_code == 403
    with pytest.raises(services.CurationError):
        services.revoke_representation(link, by=other_manager)
    link.status = Representative.Status.REQUESTED  # not (yet) a representative: refused too
    link.save()
    with pytest.raises(services.CurationError):
        services.revoke_representation(link, by=cluster_manager)

    assert not OutgoingEmail.objects.filter(to=representative.email).exists()


def test_an_edit_arriving_as_the_representative_is_removed_is_refused(org_a, representative,
                                                                      cluster_manager):
    # The edit page checked the person's rights a moment before the service runs ...
    assert permissions.can_edit_profile(representative, org_a)
    # ... and meanwhile a manager removes them: the service checks again, under its lock.
    services.revoke_representation(Representative.objects.get(user=representative),
                                   by=cluster_manager)

    with pytest.raises(services.CurationError):
        services.edit_profile(org_a, by=representative, values={"city": "Plauen"})
    assert not ProfileChangeRequest.objects.exists()
