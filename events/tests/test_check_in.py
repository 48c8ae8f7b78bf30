"""Check-in at the door: confirmed people are marked attended (and back), by those who may."""

import pytest
from django.utils import timezone

from events import history, services
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from network_portal.models import AuditEntry

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


def test_check_in_marks_attended(client, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], starts_at=timezone.now())  # today
    registration = RegistrationFactory(event=event)
    client.force_login(cluster_manager)

    response = client.post(f"/events/{event.slug}/participants/{registration.pk}/check-in/",
                           {"attended": "1", "next": "?status=confirmed"})

    # Back to the same filtered list, at the row of the person just checked in.
    assert response["Location"] == url(event, f"?status=confirmed#registration-{registration.pk}")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED


def test_the_list_refuses_a_check_in_before_the_event_day(client, event, cluster_manager):
    registration = RegistrationFactory(event=event)  # the event is 30 days ahead
    client.force_login(cluster_manager)

    response = client.post(f"/events/{event.slug}/participants/{registration.pk}/check-in/",
                           {"attended": "1"}, follow=True)

    assert "Das Einchecken ist ab dem Veranstaltungstag möglich" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert not AuditEntry.objects.filter(action=history.CHECKED_IN).exists()


def test_staff_check_in_early_from_the_list_and_the_history_says_so(client, event,
                                                                     cluster_manager):
    registration = RegistrationFactory(event=event)
    client.force_login(cluster_manager)
    page = client.get(url(event)).content.decode()
    assert "Vorzeitig einchecken" in page and 'name="override" value="1"' in page

    client.post(f"/events/{event.slug}/participants/{registration.pk}/check-in/",
                {"attended": "1", "override": "1"})

    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    entry = AuditEntry.objects.get(action=history.CHECKED_IN)
    assert entry.data == {"registration": registration.pk, "before_the_day": True}
    assert entry.actor == cluster_manager


def test_on_the_event_day_the_list_offers_the_plain_check_in(client, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], starts_at=timezone.now())
    RegistrationFactory(event=event)
    client.force_login(cluster_manager)

    page = client.get(url(event)).content.decode()

    assert "Vorzeitig einchecken" not in page and 'name="override"' not in page


def test_check_in_is_refused_to_others(client, event, other_manager):
    registration = RegistrationFactory(event=event)
    client.force_login(other_manager)

    response = client.post(f"/events/{event.slug}/participants/{registration.pk}/check-in/")

    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
