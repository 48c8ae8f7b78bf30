"""Cancelling an event: everyone registered is told, once; not after it is over."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Event
from events.tests.factories import (
    EventFactory,
    RegistrationFactory,
    attendee,
    keys,
)
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_cancelling_the_event_notifies_everyone_registered():
    event = EventFactory(capacity=1)
    seated = services.register(event, attendee(1))
    waiting = services.register(event, attendee(2))
    gone = services.register(event, attendee(3))
    services.cancel_registration(gone)

    count = services.cancel_event(event, by=None)

    assert count == 2
    assert {f"registration:{seated.pk}:event_cancelled",
            f"registration:{waiting.pk}:event_cancelled"} <= keys()
    assert f"registration:{gone.pk}:event_cancelled" not in keys()
    assert set(event.registrations.values_list("status", flat=True)) == {"cancelled"}
    email = OutgoingEmail.objects.get(key=f"registration:{seated.pk}:event_cancelled")
    assert "STATUS:CANCELLED" in base64.b64decode(email.attachments[0]["content"]).decode()
    assert email.reference == f"events.event:{event.pk}"


def test_cancelling_an_event_twice_tells_nobody_twice(event):
    registration = services.register(event, attendee(1))
    services.cancel_event(event, by=None)

    with pytest.raises(services.EventChangeRefused) as error:
        services.cancel_event(event, by=None)

    assert error.value.code == "cancelled"
    assert OutgoingEmail.objects.filter(
        key__startswith=f"registration:{registration.pk}:event_cancelled").count() == 1


def test_an_event_that_is_over_cannot_be_cancelled():
    past = timezone.now() - timedelta(days=2)
    event = EventFactory(starts_at=past, ends_at=past + timedelta(hours=3))
    RegistrationFactory(event=event, status="attended")

    with pytest.raises(services.EventChangeRefused) as error:
        services.cancel_event(event, by=None)

    assert error.value.code == "over"
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_cancelling_the_event_from_the_page(client, event, cluster_manager, other_manager):
    registration = services.register(event, attendee(1))

    client.force_login(other_manager)
    assert client.post(f"/events/{event.slug}/cancel/").status_code == 403
    client.force_login(cluster_manager)
    client.post(f"/events/{event.slug}/cancel/")

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert OutgoingEmail.objects.filter(key=f"registration:{registration.pk}:event_cancelled").exists()


def test_the_cancel_message_counts_in_singular_and_plural(client, event, cluster_manager):
    services.register(event, attendee(1))
    client.force_login(cluster_manager)

    response = client.post(f"/events/{event.slug}/cancel/", follow=True)

    assert "1 Person wird benachrichtigt" in response.content.decode()
