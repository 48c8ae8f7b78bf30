"""Withdrawing an application: from "My portal", and the freed seat it proposes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations import services
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, applicant
from delegations.tests.helpers import emails, url

ACCEPTED = Application.Status.ACCEPTED
WAITLISTED = Application.Status.WAITLISTED
DECLINED = Application.Status.DECLINED


def test_a_member_withdraws_from_my_portal(client, trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    client.force_login(person)

    client.post(url("withdraw", trip))

    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_withdrawing_once_the_trip_has_begun_is_refused_with_a_message(client, trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    trip.start_date = timezone.localdate()
    trip.save()
    client.force_login(person)

    portal = client.get(reverse("my_portal")).content.decode()
    response = client.post(url("withdraw", trip), follow=True)

    assert url("withdraw", trip) not in portal
    assert "Die Reise hat begonnen" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_withdrawing_needs_a_login_and_a_post(client, trip, person):
    services.apply(trip, person, organisation_name="ACME")

    assert client.post(url("withdraw", trip)).status_code == 302
    client.force_login(person)
    assert client.get(url("withdraw", trip)).status_code == 405
    assert Application.objects.get().status == Application.Status.SUBMITTED


def test_one_cannot_withdraw_someone_elses_application(client, trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    client.force_login(applicant("other@example.com"))

    assert client.post(url("withdraw", trip)).status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_withdrawing_frees_the_seat_and_prompts_the_organisers(trip, cluster_manager):
    accepted = [ApplicationFactory(trip=trip) for _ in range(2)]
    for application in accepted:
        services.decide_application(application, decision=ACCEPTED, by=None)
    waiting_first = ApplicationFactory(trip=trip)
    waiting_second = ApplicationFactory(trip=trip)
    services.decide_application(waiting_first, decision=WAITLISTED, by=None)
    services.decide_application(waiting_second, decision=WAITLISTED, by=None)

    services.withdraw(accepted[0], by=None)

    accepted[0].refresh_from_db()
    assert accepted[0].status == Application.Status.WITHDRAWN
    assert services.accepted_count(trip) == 1
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    # Not accepted automatically: the organiser decides, prompted by mail and a highlighted row.
    assert waiting_first.status == WAITLISTED
    assert waiting_first.next_in_line_since is not None
    assert waiting_second.next_in_line_since is None
    [prompt] = emails("delegations_organiser_prompt")
    assert prompt.to == cluster_manager.email
    assert waiting_first.person_name in prompt.body_text
    assert f"/delegations/{trip.slug}/applications/" in prompt.body_text
    [confirmation] = emails("delegations_withdrawn")
    assert confirmation.to == accepted[0].user.email
    assert "jemandem von der Warteliste anbieten" in confirmation.body_text

    services.decide_application(waiting_first, decision=ACCEPTED, by=None)
    waiting_first.refresh_from_db()
    assert waiting_first.next_in_line_since is None


def test_only_managers_in_the_role_are_prompted(trip, cluster, cluster_manager):
    former = applicant("former-manager@example.com")
    cluster.managers.add(former)  # linked, but no longer in the cluster-manager role
    accepted = ApplicationFactory(trip=trip, status=ACCEPTED)
    ApplicationFactory(trip=trip, status=WAITLISTED)

    services.withdraw(accepted, by=None)

    assert [e.to for e in emails("delegations_organiser_prompt")] == [cluster_manager.email]


def test_withdrawing_without_a_waiting_list_prompts_no_one(trip, cluster_manager):
    application = ApplicationFactory(trip=trip)
    services.decide_application(application, decision=ACCEPTED, by=None)

    services.withdraw(application, by=None)

    assert emails("delegations_organiser_prompt") == []


def test_two_freed_seats_propose_the_first_two_on_the_waiting_list(trip, cluster_manager):
    accepted = [ApplicationFactory(trip=trip) for _ in range(2)]
    for application in accepted:
        services.decide_application(application, decision=ACCEPTED, by=None)
    waiting = [ApplicationFactory(trip=trip) for _ in range(3)]
    for application in waiting:
        services.decide_application(application, decision=WAITLISTED, by=None)

    services.withdraw(accepted[0], by=None)
    services.decide_application(accepted[1], decision=DECLINED, by=None)

    proposed = [a.pk for a in Application.objects.filter(next_in_line_since__isnull=False)]
    assert proposed == [waiting[0].pk, waiting[1].pk]
    assert len(emails("delegations_organiser_prompt")) == 2


def test_one_cannot_withdraw_once_the_trip_has_begun(trip, cluster_manager):
    application = ApplicationFactory(trip=trip, status=ACCEPTED)
    ApplicationFactory(trip=trip, status=WAITLISTED)
    trip.start_date = timezone.localdate()
    trip.save()

    with pytest.raises(services.InvalidTransition) as error:
        services.withdraw(application, by=None)

    assert error.value.code == "started"
    application.refresh_from_db()
    assert application.status == ACCEPTED
    assert emails("delegations_organiser_prompt") == []


def test_a_withdrawn_application_cannot_be_withdrawn_again(trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.withdraw(application, by=None)

    with pytest.raises(services.InvalidTransition):
        services.withdraw(application, by=None)
