"""The guest's pages: the form, "check your inbox", the confirmation link, the secret link."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory, attendee
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def guest_data(**fields):
    data = {"first_name": "Jeanne", "last_name": "Dupont", "email": "jeanne@example.fr",
            "language": "en", "organisation_name": "Pôle Véhicule du Futur", "job_title": "",
            "diet": "", "accessibility": ""}
    data.update(fields)
    return data


def url(event):
    return f"/events/{event.slug}/register/"


def test_the_form_states_the_held_time_and_offers_login_and_sign_up(client, event):
    response = client.get(url(event), HTTP_ACCEPT_LANGUAGE="de")

    text = response.content.decode()
    assert "48 Stunden" in text and "Einloggen" in text and "Konto erstellen" in text
    assert "Zur Veranstaltung anmelden" in text


def test_a_guest_registers_and_is_sent_to_check_the_inbox(client, event):
    response = client.post(url(event), guest_data())

    assert response.status_code == 302 and response["Location"] == f"/events/{event.slug}/register/sent/"
    registration = Registration.objects.get()
    assert registration.name == "Jeanne Dupont" and registration.language == "en"
    assert registration.status == Registration.Status.HELD and registration.user is None
    assert registration.organisation_name == "Pôle Véhicule du Futur"
    mail = OutgoingEmail.objects.get(template="events_guest_confirm")
    assert mail.to == "jeanne@example.fr" and mail.language == "en"
    assert client.get(response["Location"]).status_code == 200


def test_the_answer_is_the_same_for_a_registered_address(client, event):
    RegistrationFactory(event=event, email="jeanne@example.fr")
    new = client.post(url(event), guest_data(email="neu@example.fr"))
    known = client.post(url(event), guest_data())

    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]
    assert client.get(known["Location"]).content == client.get(new["Location"]).content
    assert event.registrations.filter(email="jeanne@example.fr").count() == 1
    assert OutgoingEmail.objects.filter(template="events_guest_already_registered",
                                        to="jeanne@example.fr").exists()


def test_a_form_without_organisation_says_so_and_changes_nothing(client, event):
    response = client.post(url(event), guest_data(organisation_name=""))

    assert response.status_code == 200
    assert "organisation_name" in response.context["form"].errors
    assert not Registration.objects.exists() and not OutgoingEmail.objects.exists()


def test_guest_registrations_are_rate_limited(client, event, settings):
    settings.PORTAL_GUEST_REGISTRATIONS_PER_HOUR = 2
    cache.clear()
    for n in range(2):
        assert client.post(url(event), guest_data(email=f"g{n}@example.fr")).status_code == 302

    response = client.post(url(event), guest_data(email="g9@example.fr"))

    assert response.status_code == 429
    assert Registration.objects.count() == 2


def test_opening_the_link_changes_nothing_the_button_confirms(client, event):
    guest = services.register_guest(event, attendee("gast"), language="en")
    link = f"/events/confirm/{guest.confirm_token}/"

    page = client.get(link)
    assert page.status_code == 200 and b"Confirm registration" in page.content  # in English
    guest.refresh_from_db()
    assert guest.status == Registration.Status.HELD

    response = client.post(link)

    guest.refresh_from_db()
    assert guest.status == Registration.Status.CONFIRMED
    assert response["Location"] == guest.get_absolute_url()
    assert client.get(guest.get_absolute_url()).status_code == 200
    assert client.get(link).status_code == 404  # used once
    assert client.post(link).status_code == 404


def test_an_expired_link_says_so(client, event):
    guest = services.register_guest(event, attendee("gast"),
                                    now=timezone.now() - timedelta(hours=49))

    response = client.post(f"/events/confirm/{guest.confirm_token}/")

    assert response.status_code == 410
    guest.refresh_from_db()
    assert guest.status == Registration.Status.HELD  # the periodic job lets it lapse


def test_an_unknown_link_is_a_404(client):
    assert client.get("/events/confirm/nichts/").status_code == 404


def test_the_secret_link_opens_only_after_confirmation(client, event):
    guest = services.register_guest(event, attendee("gast"))

    assert client.get(guest.get_absolute_url()).status_code == 404


def test_the_registration_post_costs_the_same_whatever_the_registrations(client):
    event = EventFactory(capacity=None)

    def post(n):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.post(url(event), guest_data(email=f"q{n}@example.fr"))
        assert response.status_code == 302
        return len(context.captured_queries)

    few = post(0)
    for n in range(30):
        RegistrationFactory(event=event, email=f"r{n}@example.com")
    assert post(1) == few


def test_a_lapse_costs_the_same_for_one_hold_or_many():
    def lapse(n):
        event = EventFactory(capacity=None)
        now = timezone.now() - timedelta(hours=49)
        for i in range(n):
            services.register_guest(event, attendee(f"l{n}-{i}"), now=now)
        with CaptureQueriesContext(connection) as context:
            assert services.expire_guest_holds() == n
        return len(context.captured_queries)

    assert lapse(1) == lapse(20)


def test_signing_up_with_the_address_joins_the_guests_registrations_once_verified(
        client, django_capture_on_commit_callbacks):
    import re as regex

    confirmed = services.register_guest(EventFactory(title_de="Erstes Treffen"),
                                        attendee("gast", email="gast@zellwerk.example"))
    services.confirm_guest(confirmed.confirm_token)
    waiting = services.register_guest(EventFactory(title_de="Zweites Treffen"),
                                      attendee("gast", email="gast@zellwerk.example"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", {
            "first_name": "Gabi", "last_name": "Gast", "email": "gast@zellwerk.example",
            "password1": "Akku-Campus-2027!", "password2": "Akku-Campus-2027!"})
    assert client.get("/my/").status_code == 302  # the address is not verified yet
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.HELD

    body = OutgoingEmail.objects.get(to="gast@zellwerk.example",
                                     subject__contains="E-Mail-Adresse").body_text
    client.post(regex.search(r"http://testserver(/accounts/confirm-email/\S+)", body).group(1))

    my_portal = client.get("/my/").content.decode()
    assert "Erstes Treffen" in my_portal and "Zweites Treffen" in my_portal
    waiting.refresh_from_db()
    # The verified address is the proof the link would have given: the held seat is confirmed.
    assert waiting.status == Registration.Status.CONFIRMED and waiting.confirm_token is None


def test_a_full_event_tells_the_guest_the_waitlist_follows_the_confirmation(client):
    event = EventFactory(capacity=1)
    services.register(event, attendee("sitzt"))

    text = client.get(url(event), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "confirm your address within 48 hours to get a place on the waitlist" in text
    assert "We hold your seat" not in text
