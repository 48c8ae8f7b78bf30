"""Cancelling a registration: the first waitlisted person moves up and is told."""

import pytest

from events import services
from events.models import Registration
from events.tests.factories import EventFactory, attendee, keys
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_cancelling_a_seat_promotes_the_first_waitlisted_in_order():
    event = EventFactory(capacity=1)
    seated = services.register(event, attendee(1))
    first = services.register(event, attendee(2))
    second = services.register(event, attendee(3))

    services.cancel_registration(seated)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED
    assert second.waitlist_position() == 1
    assert {f"registration:{seated.pk}:cancellation",
            f"registration:{first.pk}:promotion"} <= keys()
    promotion = OutgoingEmail.objects.get(key=f"registration:{first.pk}:promotion")
    assert promotion.attachments[0]["mimetype"] == "text/calendar"


def test_cancelling_a_waitlist_place_promotes_nobody():
    event = EventFactory(capacity=1)
    services.register(event, attendee(1))
    waiting = services.register(event, attendee(2))
    last = services.register(event, attendee(3))

    services.cancel_registration(waiting)

    last.refresh_from_db()
    assert last.status == Registration.Status.WAITLISTED
    assert last.waitlist_position() == 1


def test_cancelling_twice_is_refused(event):
    registration = services.register(event, attendee(1))
    services.cancel_registration(registration)

    with pytest.raises(services.NotCancellable):
        services.cancel_registration(registration)
