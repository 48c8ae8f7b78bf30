"""The Django admin of trips and applications, held to the services' rules."""

from django.urls import reverse

from delegations import services
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, StopFactory
from delegations.tests.helpers import trip_data


def test_the_admin_lists_trips_and_applications(client, trip, admin_user):
    StopFactory(trip=trip)
    ApplicationFactory(trip=trip)
    client.force_login(admin_user)

    for name in ("delegationtrip", "application"):
        assert client.get(reverse(f"admin:delegations_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:delegations_delegationtrip_change", args=[trip.pk])).status_code == 200


def test_the_admin_cannot_cancel_quietly_or_overbook(trip, cluster):
    from delegations.admin import TripAdminForm

    services.decide_application(ApplicationFactory(trip=trip), decision=Application.Status.ACCEPTED, by=None)
    data = {**trip_data(trip, cluster), "organisers": [cluster.pk], "partners": [], "topics": []}

    cancelled = TripAdminForm({**data, "status": "cancelled"}, instance=trip)
    overbooked = TripAdminForm({**data, "seats": "0"}, instance=trip)
    fine = TripAdminForm({**data, "seats": "1"}, instance=trip)

    assert "status" in cancelled.errors
    assert "seats" in overbooked.errors
    assert fine.is_valid(), fine.errors


def test_the_admin_sets_up_a_trip_through_the_service(client, admin_user, cluster):
    from delegations.models import DelegationTrip
    from network_portal import audit

    client.force_login(admin_user)
    data = {"title_de": "Reise aus dem Admin", "slug": "reise-aus-dem-admin", "direction": "outbound",
            "status": "draft", "start_date": "2027-05-10", "end_date": "2027-05-12",
            "application_deadline_0": "2027-04-01", "application_deadline_1": "12:00", "seats": "10",
            "organisers": [cluster.pk], "stops-TOTAL_FORMS": "1", "stops-INITIAL_FORMS": "0",
            "stops-MIN_NUM_FORMS": "0", "stops-MAX_NUM_FORMS": "1000", "stops-0-date": "2027-05-10",
            "stops-0-kind": "site_visit", "stops-0-title_de": "Besuch bei CARA"}

    response = client.post(reverse("admin:delegations_delegationtrip_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    trip = DelegationTrip.objects.get(slug="reise-aus-dem-admin")
    assert list(trip.organisers.all()) == [cluster]
    assert [stop.title_de for stop in trip.stops.all()] == ["Besuch bei CARA"]
    [entry] = audit.entries_for(trip)
    assert (entry.action, entry.actor, entry.data) == ("delegations.trip.created", admin_user,
                                                       {"status": "draft", "stops": 1})
