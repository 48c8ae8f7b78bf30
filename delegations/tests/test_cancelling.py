"""Cancelling a trip: who may, the applicants told once, nothing after it."""

import pytest
from django.urls import reverse

from delegations import services
from delegations.models import Application, DelegationTrip
from delegations.tests.factories import ApplicationFactory
from delegations.tests.helpers import emails, url
from network_portal.models import OutgoingEmail

ACCEPTED = Application.Status.ACCEPTED
WAITLISTED = Application.Status.WAITLISTED
DECLINED = Application.Status.DECLINED


def test_anonymous_visitors_cannot_cancel(client, trip):
    response = client.post(url("cancel", trip))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.OPEN


@pytest.mark.parametrize("who", ["member", "other_manager"])
def test_only_the_trips_managers_cancel_it(client, trip, request, who):
    ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED)
    client.force_login(request.getfixturevalue(who))

    assert client.post(url("cancel", trip)).status_code == 403
    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.OPEN
    assert not OutgoingEmail.objects.filter(template="delegations_trip_cancelled").exists()


def test_cancelling_needs_a_post(client, trip, cluster_manager):
    client.force_login(cluster_manager)

    assert client.get(url("cancel", trip)).status_code == 405


def test_the_organiser_cancels_and_a_second_click_mails_no_one_again(client, trip, cluster_manager):
    ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED)
    ApplicationFactory(trip=trip, status=Application.Status.DECLINED)
    client.force_login(cluster_manager)
    assert "Reise absagen" in client.get(url("applications", trip)).content.decode()

    first = client.post(url("cancel", trip), {"message": "Leider zu wenige Anmeldungen."}, follow=True)
    second = client.post(url("cancel", trip), follow=True)

    assert "1 Bewerber(in) wird per E-Mail informiert" in first.content.decode()
    assert "Diese Reise wurde abgesagt." in first.content.decode()
    assert "bereits abgesagt" in second.content.decode()
    [email] = OutgoingEmail.objects.filter(template="delegations_trip_cancelled")
    assert "Leider zu wenige Anmeldungen." in email.body_text
    page = client.get(url("applications", trip)).content.decode()
    assert "Reise absagen" not in page and 'name="decision"' not in page


def test_my_portal_shows_a_cancelled_trip_without_a_withdraw_button(client, trip, person):
    services.apply(trip, person, organisation_name="ACME")
    services.cancel_trip(trip, by=None)
    client.force_login(person)

    portal = client.get(reverse("my_portal")).content.decode()

    assert "Reise abgesagt" in portal and url("withdraw", trip) not in portal


def test_cancelling_tells_every_applicant_still_in_the_running(trip, cluster_manager):
    told = {status: ApplicationFactory(trip=trip, status=status)
            for status in (Application.Status.SUBMITTED, ACCEPTED, WAITLISTED)}
    english = ApplicationFactory(trip=trip, status=ACCEPTED, language="en")
    declined = ApplicationFactory(trip=trip, status=DECLINED)
    withdrawn = ApplicationFactory(trip=trip, status=Application.Status.WITHDRAWN)

    count = services.cancel_trip(trip, message="Der Bus fällt aus.", by=None)

    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.CANCELLED
    assert count == 4
    sent = emails("delegations_trip_cancelled")
    assert sorted(e.to for e in sent) == sorted(
        a.user.email for a in [*told.values(), english])
    assert declined.user.email not in [e.to for e in sent]
    assert withdrawn.user.email not in [e.to for e in sent]
    german = next(e for e in sent if e.to == told[ACCEPTED].user.email)
    assert german.subject == f"Abgesagt: Die Delegationsreise {trip.title_de} findet nicht statt"
    assert german.language == "de" and "leider müssen wir Ihnen mitteilen" in german.body_text
    assert "Der Bus fällt aus." in german.body_text
    assert german.reference == f"delegations.trip:{trip.pk}"
    [in_english] = [e for e in sent if e.to == english.user.email]
    assert in_english.language == "en"
    assert in_english.subject == f"Cancelled: the delegation trip {trip.title_en} does not take place"
    assert len({e.key for e in sent}) == 4
    # Nothing else was changed behind anyone's back.
    assert {a.pk: a.status for a in Application.objects.all()} == {
        **{a.pk: s for s, a in told.items()}, english.pk: ACCEPTED, declined.pk: DECLINED,
        withdrawn.pk: Application.Status.WITHDRAWN}


def test_a_trip_is_cancelled_once(trip):
    ApplicationFactory(trip=trip, status=ACCEPTED)
    services.cancel_trip(trip, by=None)

    with pytest.raises(services.InvalidTransition):
        services.cancel_trip(trip, by=None)

    assert len(emails("delegations_trip_cancelled")) == 1


def test_a_completed_trip_cannot_be_cancelled(trip):
    ApplicationFactory(trip=trip, status=ACCEPTED)
    trip.status = DelegationTrip.Status.COMPLETED
    trip.save()

    with pytest.raises(services.InvalidTransition):
        services.cancel_trip(trip, by=None)

    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.COMPLETED
    assert emails("delegations_trip_cancelled") == []


def test_after_cancelling_no_decision_reminder_or_prompt_follows(soon, cluster_manager):
    accepted = ApplicationFactory(trip=soon, status=ACCEPTED)
    ApplicationFactory(trip=soon, status=WAITLISTED)
    submitted = ApplicationFactory(trip=soon)
    services.cancel_trip(soon, by=None)

    with pytest.raises(services.InvalidTransition):
        services.decide_application(submitted, decision=ACCEPTED, by=None)
    with pytest.raises(services.InvalidTransition):
        services.withdraw(accepted, by=None)

    assert services.send_due_reminders() == 0
    assert emails("delegations_organiser_prompt") == []
