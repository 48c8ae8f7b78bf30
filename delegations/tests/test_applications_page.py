"""The organisers' list of applications and the decision buttons on it."""

import pytest

from delegations import services
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, TripFactory
from delegations.tests.helpers import url
from members.models import ValueChainStage
from network_portal.models import OutgoingEmail


@pytest.mark.parametrize(("who", "status"), [
    ("member", 403), ("other_manager", 403), ("cluster_manager", 200),
    ("economic_development", 200), ("admin_user", 200),
])
def test_who_sees_the_applications(client, trip, request, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url("applications", trip)).status_code == status


def test_anonymous_visitors_are_sent_to_the_login(client, trip):
    assert client.get(url("applications", trip)).status_code == 302


def test_the_organiser_accepts_with_a_message(client, trip, cluster_manager):
    application = ApplicationFactory(trip=trip, interests="Leistungselektronik")
    client.force_login(cluster_manager)

    page = client.get(url("applications", trip)).content.decode()
    client.post(url("decide", trip, application.pk), {"decision": "accepted", "message": "Bis bald"})

    assert "Leistungselektronik" in page and application.organisation.name in page
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.decision_message == "Bis bald"
    assert OutgoingEmail.objects.filter(template="delegations_accepted").count() == 1
    page = client.get(url("applications", trip)).content.decode()
    assert "1 von 2 Plätzen vergeben, 1 frei." in page


def test_the_organiser_cannot_overbook(client, trip, cluster_manager):
    applications = [ApplicationFactory(trip=trip) for _ in range(3)]
    client.force_login(cluster_manager)

    for application in applications:
        response = client.post(url("decide", trip, application.pk), {"decision": "accepted"},
                               follow=True)

    assert "Alle Plätze sind vergeben" in response.content.decode()
    assert services.accepted_count(trip) == 2


def test_deciding_needs_the_right_role(client, trip, other_manager):
    application = ApplicationFactory(trip=trip)
    client.force_login(other_manager)

    assert client.post(url("decide", trip, application.pk), {"decision": "accepted"}).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_the_next_in_line_is_highlighted(client, trip, cluster_manager):
    accepted = ApplicationFactory(trip=trip)
    services.decide_application(accepted, decision=Application.Status.ACCEPTED, by=None)
    waiting = ApplicationFactory(trip=trip)
    services.decide_application(waiting, decision=Application.Status.WAITLISTED, by=None)
    services.withdraw(accepted, by=None)
    client.force_login(cluster_manager)

    page = client.get(url("applications", trip)).content.decode()

    assert "next-in-line" in page and "Als Nächste(r) zuzulassen" in page


def test_the_applications_page_needs_a_fixed_number_of_queries(client, trip, cluster_manager,
                                                               django_assert_num_queries):
    def make(n):
        for _ in range(n):
            application = ApplicationFactory(trip=trip)
            application.stages_sought.set(ValueChainStage.objects.all()[:2])
            application.organisation.stages.set(ValueChainStage.objects.all()[:3])

    client.force_login(cluster_manager)
    make(5)
    client.get(url("applications", trip))
    # session, user (with their groups, portal.auth), managed clusters, trip, organisers,
    # partners, topics, stops, applications (+ user, organisation, region, decided_by),
    # organisation stages, stages sought, stages offered, history (+ actors), status counts
    with django_assert_num_queries(14):
        client.get(url("applications", trip))
    make(40)
    with django_assert_num_queries(14):
        client.get(url("applications", trip))


def test_an_application_of_another_trip_cannot_be_decided_through_this_one(client, trip, cluster,
                                                                           cluster_manager):
    foreign = ApplicationFactory(trip=TripFactory(organisers=[cluster]))
    client.force_login(cluster_manager)

    assert client.post(url("decide", trip, foreign.pk), {"decision": "accepted"}).status_code == 404
    assert client.post(url("decide", trip, 999999), {"decision": "accepted"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Application.Status.SUBMITTED


def test_deciding_needs_a_login_and_a_post(client, trip, cluster_manager):
    application = ApplicationFactory(trip=trip)

    assert client.post(url("decide", trip, application.pk), {"decision": "accepted"}).status_code == 302
    client.force_login(cluster_manager)
    assert client.get(url("decide", trip, application.pk)).status_code == 405
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


@pytest.mark.parametrize("data", [{"decision": "withdrawn"}, {"decision": ""}, {}])
def test_a_tampered_decision_is_refused_with_a_message(client, trip, cluster_manager, data):
    application = ApplicationFactory(trip=trip)
    client.force_login(cluster_manager)

    response = client.post(url("decide", trip, application.pk), data, follow=True)

    assert response.status_code == 200 and "Wählen Sie eine Entscheidung" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_deciding_a_withdrawn_application_shows_a_message(client, trip, cluster_manager, person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.withdraw(application, by=None)
    client.force_login(cluster_manager)

    response = client.post(url("decide", trip, application.pk), {"decision": "accepted"}, follow=True)

    assert "Diese Bewerbung wurde zurückgezogen." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert not OutgoingEmail.objects.filter(template="delegations_accepted").exists()


def test_a_double_accept_sends_one_email(client, trip, cluster_manager):
    application = ApplicationFactory(trip=trip)
    client.force_login(cluster_manager)

    for _ in range(2):
        client.post(url("decide", trip, application.pk), {"decision": "accepted", "message": "Hallo"})

    assert OutgoingEmail.objects.filter(template="delegations_accepted").count() == 1
    assert services.accepted_count(trip) == 1


def test_the_decision_buttons_post_the_statuses_and_the_current_one_is_disabled(client, trip,
                                                                                cluster_manager):
    ApplicationFactory(trip=trip, status=Application.Status.WAITLISTED)
    client.force_login(cluster_manager)

    page = client.get(url("applications", trip)).content.decode()

    assert 'name="decision" value="accepted" class="btn btn-primary">' in page
    assert 'name="decision" value="waitlisted" class="btn btn-outline-dark" disabled>' in page
    assert 'name="decision" value="declined" class="btn btn-outline-dark">' in page
