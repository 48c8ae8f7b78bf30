"""The secret link from the e-mails: see and cancel a registration without logging in."""

import pytest

from events import services
from events.models import Registration
from events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    attendee,
)
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_the_secret_link_shows_and_cancels_without_login(client):
    event = EventFactory(capacity=1)
    seated = services.register(event, attendee(1))
    waiting = services.register(event, attendee(2))
    url = f"/events/registration/{seated.token}/"

    assert "Teilnehmerin 1" in client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert "Die Anmeldung ist storniert." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert OutgoingEmail.objects.filter(key=f"registration:{waiting.pk}:promotion").exists()


def test_a_wrong_token_is_not_found(client):
    assert client.get("/events/registration/not-a-token/").status_code == 404


def test_the_secret_link_shows_the_position_on_an_agenda_items_waitlist(client):
    event = EventFactory(capacity=10)
    island = AgendaItemFactory(event=event, title_de="Insel Recycling", capacity=1)
    for n in range(3):
        last = services.register(event, attendee(n), agenda_items=[island])

    text = client.get(last.get_absolute_url()).content.decode()

    assert "Insel Recycling (Position 2 auf der Warteliste)" in text


def test_the_secret_link_opens_in_the_language_of_the_emails(client):
    event = EventFactory()
    registration = services.register(event, attendee(1), language="en")
    url = f"/events/registration/{registration.token}/"

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="de-DE")  # a German browser, an English reader

    assert english.headers["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode()


def test_on_the_secret_link_the_switch_still_wins(client):
    event = EventFactory()
    registration = services.register(event, attendee(1), language="en")
    client.cookies["django_language"] = "de"

    response = client.get(f"/events/registration/{registration.token}/")

    assert response.headers["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()
