"""Check-in at the door: confirmed people are marked attended (and back), by those who may."""

import pytest

from events import services
from events.models import Registration
from events.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def url(event, query=""):
    return f"/events/{event.slug}/participants/{query}"


def test_check_in_marks_attended_and_can_be_undone(event):
    registration = RegistrationFactory(event=event)

    services.check_in(registration, by=None)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED and registration.checked_in_at

    services.check_in(registration, attended=False, by=None)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_only_confirmed_registrations_can_be_checked_in(event, status):
    registration = RegistrationFactory(event=event, status=status)

    with pytest.raises(services.RegistrationError):
        services.check_in(registration, by=None)

    registration.refresh_from_db()
    assert registration.status == status and registration.checked_in_at is None


def test_check_in_marks_attended(client, event, cluster_manager):
    registration = RegistrationFactory(event=event)
    client.force_login(cluster_manager)

    response = client.post(f"/events/{event.slug}/participants/{registration.pk}/check-in/",
                           {"attended": "1", "next": "?status=confirmed"})

    assert response["Location"] == url(event, "?status=confirmed")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED


def test_check_in_is_refused_to_others(client, event, other_manager):
    registration = RegistrationFactory(event=event)
    client.force_login(other_manager)

    response = client.post(f"/events/{event.slug}/participants/{registration.pk}/check-in/")

    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
