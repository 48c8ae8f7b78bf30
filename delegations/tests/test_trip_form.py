"""Setting up and editing a trip with its programme: who may, and what the form refuses."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations import services
from delegations.models import Application, DelegationTrip
from delegations.tests.factories import ApplicationFactory, OrganizationFactory, StopFactory
from delegations.tests.helpers import new_trip_data, trip_data, url
from members.models import Organization
from network_portal.models import OutgoingEmail


def test_a_cluster_manager_creates_a_trip_with_stops(client, cluster, cluster_manager):
    client.force_login(cluster_manager)
    data = new_trip_data(cluster, **{
        "title_en": "Trip to Lyon", "status": "open",
        "stops-TOTAL_FORMS": "2", "stops-MIN_NUM_FORMS": "0", "stops-MAX_NUM_FORMS": "1000",
        "stops-0-date": "2027-05-10", "stops-0-start_time": "10:00", "stops-0-kind": "site_visit",
        "stops-0-title_de": "Besuch bei CARA", "stops-1-kind": "site_visit",  # as a browser sends it
    })

    response = client.post(reverse("delegations:create"), data)

    assert response.status_code == 302, (response.context["form"].errors, response.context["formset"].errors)
    trip = DelegationTrip.objects.get(slug="reise-nach-lyon")
    assert [s.title_de for s in trip.stops.all()] == ["Besuch bei CARA"]
    assert client.get(url("edit", trip)).status_code == 200


def test_a_cluster_manager_must_organise_the_trip_they_create(client, cluster_manager):
    other = OrganizationFactory(kind=Organization.Kind.CLUSTER)
    client.force_login(cluster_manager)

    response = client.post(reverse("delegations:create"), new_trip_data(other))

    assert response.status_code == 200 and "organisers" in response.context["form"].errors
    assert not DelegationTrip.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("other_manager", 403),
                                              ("cluster_manager", 200)])
def test_who_edits_a_trip(client, trip, request, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url("edit", trip)).status_code == status


def test_members_cannot_create_trips(client, member):
    client.force_login(member)

    assert client.get(reverse("delegations:create")).status_code == 403


def test_stops_outside_the_trip_days_are_refused(client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    response = client.post(reverse("delegations:create"), new_trip_data(cluster, **{
        "stops-TOTAL_FORMS": "1", "stops-0-date": "2027-06-01", "stops-0-kind": "site_visit",
        "stops-0-title_de": "Zu spät"}))

    assert response.status_code == 200
    assert "außerhalb der Reisetage" in response.content.decode()
    assert not DelegationTrip.objects.exists()


def test_seats_cannot_drop_below_the_accepted_participants(client, trip, cluster, cluster_manager):
    for _ in range(2):
        services.decide_application(ApplicationFactory(trip=trip), decision=Application.Status.ACCEPTED,
                                    by=None)
    client.force_login(cluster_manager)

    refused = client.post(url("edit", trip), trip_data(trip, cluster, seats="1", title_de="Neu"))
    allowed = client.post(url("edit", trip), trip_data(trip, cluster, seats="2", title_de="Neu"))

    assert refused.status_code == 200
    assert "2 Bewerber(innen) sind bereits zugelassen" in str(refused.context["form"].errors["seats"])
    assert allowed.status_code == 302
    trip.refresh_from_db()
    assert trip.seats == 2 and trip.title_de == "Neu"


def test_moving_the_trip_makes_the_reminder_due_again(client, trip, cluster, cluster_manager):
    trip.start_date = timezone.localdate() + timedelta(days=3)
    trip.end_date = trip.start_date + timedelta(days=1)
    trip.application_deadline = timezone.now() - timedelta(days=1)
    trip.save()
    ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED)
    assert services.send_due_reminders() == 1
    client.force_login(cluster_manager)
    new_start = trip.start_date + timedelta(days=2)

    client.post(url("edit", trip), trip_data(trip, cluster, title_de="Unverändert"))
    assert services.send_due_reminders() == 0
    client.post(url("edit", trip), trip_data(trip, cluster, start_date=new_start.isoformat(),
                                             end_date=(new_start + timedelta(days=1)).isoformat()))

    assert services.send_due_reminders() == 1
    reminders = OutgoingEmail.objects.filter(template="delegations_reminder")
    assert reminders.count() == 2


@pytest.mark.parametrize(("changes", "field"), [
    ({"slug": "new"}, "slug"),
    ({"end_date": "2020-01-01"}, "end_date"),
    ({"application_deadline": "2099-01-01T12:00"}, "application_deadline"),
])
def test_the_trip_form_refuses_impossible_values(client, trip, cluster, cluster_manager, changes, field):
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), trip_data(trip, cluster, title_de="Geändert", **changes))

    assert response.status_code == 200 and field in response.context["form"].errors
    trip.refresh_from_db()
    assert trip.title_de != "Geändert"


def test_trip_and_stop_errors_show_together(client, trip, cluster, cluster_manager):
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), trip_data(
        trip, cluster, seats="", **{"stops-TOTAL_FORMS": "1", "stops-0-kind": "site_visit",
                                    "stops-0-date": "2027-01-01"}))

    assert "seats" in response.context["form"].errors
    assert "title_de" in response.context["formset"].errors[0]


def test_an_organiser_edits_a_stop_and_deletes_another(client, trip, cluster, cluster_manager):
    keep = StopFactory(trip=trip, title_de="Alt")
    drop = StopFactory(trip=trip, title_de="Weg")
    client.force_login(cluster_manager)
    page = client.get(url("edit", trip)).content.decode()
    assert 'name="stops-0-id"' in page and 'name="stops-1-DELETE"' in page

    def stop(i, s, **extra):
        data = {"id": s.pk, "date": s.date.isoformat(), "start_time": "09:30", "kind": s.kind,
                "title_de": s.title_de, **extra}
        return {f"stops-{i}-{k}": v for k, v in data.items()}

    response = client.post(url("edit", trip), trip_data(
        trip, cluster, **{"stops-TOTAL_FORMS": "2", "stops-INITIAL_FORMS": "2"},
        **stop(0, keep, title_de="Neu"), **stop(1, drop, DELETE="on")))

    assert response.status_code == 302
    assert [s.title_de for s in trip.stops.all()] == ["Neu"]


def test_the_edit_form_cannot_cancel_without_telling_anyone(client, trip, cluster, cluster_manager):
    ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED)
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), trip_data(trip, cluster, status="cancelled"))

    assert response.status_code == 200 and "status" in response.context["form"].errors
    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.OPEN


def test_a_cancelled_trip_stays_cancelled_when_edited(client, trip, cluster, cluster_manager):
    services.cancel_trip(trip, by=None)
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), trip_data(trip, cluster, title_de="Neuer Titel",
                                                        status="open"))

    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.title_de == "Neuer Titel" and trip.status == DelegationTrip.Status.CANCELLED
