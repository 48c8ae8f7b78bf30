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

    services.decide_application(ApplicationFactory(trip=trip), decision=Application.Status.ACCEPTED)
    data = {**trip_data(trip, cluster), "organisers": [cluster.pk], "partners": [], "topics": []}

    cancelled = TripAdminForm({**data, "status": "cancelled"}, instance=trip)
    overbooked = TripAdminForm({**data, "seats": "0"}, instance=trip)
    fine = TripAdminForm({**data, "seats": "1"}, instance=trip)

    assert "status" in cancelled.errors
    assert "seats" in overbooked.errors
    assert fine.is_valid(), fine.errors
