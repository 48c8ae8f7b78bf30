"""Registering while the broker is hung or down: the request answers at once, the mail waits."""

import time

import pytest

from events.models import Registration
from events.tests.factories import EventFactory
from network_portal import mail
from network_portal.celery import app
from network_portal.models import OutgoingEmail
from network_portal.testing import SilentServer, forget_broker_connections, free_port, within

# The request's own transaction commits and runs the publish, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(monkeypatch):
    app.conf.task_always_eager = False  # the autouse fixture restores it

    def use(url):
        monkeypatch.setenv("CELERY_BROKER_URL", url)  # Celery reads it before its setting
        forget_broker_connections()

    yield use
    forget_broker_connections()
    mail._publisher.paused_until = 0.0


def register(client, member, event):
    client.force_login(member)
    started = time.monotonic()
    response = within(30, lambda: client.post(f"/events/{event.slug}/register/", {
        "registers_for": "self", "name": "Mara Muster", "email": member.email,
        "organisation_name": "Muster GmbH",
    }))
    return response, time.monotonic() - started


def assert_registered_with_mail_queued(response, member, event):
    registration = Registration.objects.get(event=event, email=member.email)
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    [email] = OutgoingEmail.objects.filter(to=member.email)
    assert email.template == "events_confirmation"
    assert email.status == OutgoingEmail.Status.QUEUED  # beat sends it


def test_a_hung_broker_does_not_turn_a_registration_into_an_error(client, member, broker,
                                                                  settings):
    settings.OUTBOX_PUBLISH_TIMEOUT = 1.0
    event = EventFactory()
    with SilentServer() as hung:
        broker(f"redis://127.0.0.1:{hung.port}/0")

        response, seconds = register(client, member, event)

    assert_registered_with_mail_queued(response, member, event)
    assert hung.accepted == 1
    assert seconds < 10  # was: no answer until the web server's timeout (30 s), then a 500


def test_a_closed_broker_port_does_not_hold_a_registration(client, member, broker):
    event = EventFactory()
    broker(f"redis://127.0.0.1:{free_port()}/0")

    response, _seconds = register(client, member, event)

    assert_registered_with_mail_queued(response, member, event)
