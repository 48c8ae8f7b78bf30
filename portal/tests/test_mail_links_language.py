"""Every page reached from an e-mail opens in the recipient's language: the outbox gives each
link into the portal `?lang=<the mail's language>`; the header's switch still wins."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

from delegations.tests.factories import TripFactory
from matchmaking import services as matchmaking_services
from members.tests.factories import OrganizationFactory, RepresentativeFactory
from network_portal import links, mail
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user

BASE = "https://portal.example.org"


@override_settings(PORTAL_BASE_URL=BASE)
@pytest.mark.parametrize("text, tagged", [
    (f"Siehe {BASE}/my/.", f"Siehe {BASE}/my/?lang=en."),
    (f"({BASE}/events/x/)", f"({BASE}/events/x/?lang=en)"),
    (f"{BASE}/members/x/#membership-requests", f"{BASE}/members/x/?lang=en#membership-requests"),
    (f"{BASE}/events/?kind=fair", f"{BASE}/events/?kind=fair&lang=en"),
    (f"{BASE}/events/?lang=de", f"{BASE}/events/?lang=de"),  # a link that names one keeps it
    ("https://example.com/x/", "https://example.com/x/"),  # other sites are left alone
    (f"{BASE}.evil.example/x/", f"{BASE}.evil.example/x/"),
    ("webcal://portal.example.org/events/feed.ics", "webcal://portal.example.org/events/feed.ics"),
])
def test_links_into_the_portal_name_the_language(text, tagged):
    assert links.with_language(text, "en") == tagged


@override_settings(PORTAL_BASE_URL=BASE)
def test_html_bodies_get_an_escaped_ampersand():
    html = f'<a href="{BASE}/events/?kind=fair">{BASE}/events/?kind=fair</a>'
    assert links.with_language(html, "de", html=True) == (
        f'<a href="{BASE}/events/?kind=fair&amp;lang=de">{BASE}/events/?kind=fair&amp;lang=de</a>')


def path_of(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def answer_link(email) -> str:
    return re.search(r"https?://\S+/matchmaking/introductions/\d+/\S*", email.body_text).group(0)


@pytest.fixture
def introduction_mail(db):
    organisation = OrganizationFactory(name="Zellwerk GmbH")
    english = make_user("claire@zellwerk.example", first_name="Claire", language="en")
    RepresentativeFactory(user=english, organization=organisation)
    asker = make_user("asker@example.com", first_name="Anna")
    matchmaking_services.request_introduction(
        organisation, by=asker, message="Wir suchen einen Partner für Zellprüfungen.")
    return english, OutgoingEmail.objects.get(template="matchmaking_introduction_requested")


def test_the_introduction_link_opens_in_the_recipients_language(client, introduction_mail):
    recipient, email = introduction_mail
    link = answer_link(email)
    assert link.endswith("?lang=en")
    client.force_login(recipient)

    response = client.get(path_of(link), HTTP_ACCEPT_LANGUAGE="de-DE,de")

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_the_switch_still_wins_over_the_mails_language(client, introduction_mail):
    recipient, email = introduction_mail
    client.force_login(recipient)
    client.cookies["django_language"] = "de"

    response = client.get(path_of(answer_link(email)))

    assert response["Content-Language"] == "de"
    # Without the parameter, later pages follow the browser again: nothing was stored.
    del client.cookies["django_language"]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Content-Language"] == "de"


def test_trip_application_mails_link_in_the_applicants_language(client, db):
    person = make_user("jean@example.fr", language="en")
    trip = TripFactory()
    from delegations import services as trip_services

    trip_services.apply(trip, person, organisation_name="Batteries SA", language="en")

    email = OutgoingEmail.objects.get(template="delegations_received")
    assert "/my/?lang=en" in email.body_text
    assert client.get("/my/?lang=en")["Content-Language"] == "en"  # even before logging in


def test_the_e_mail_confirmation_link_names_the_language_of_the_sign_up(client, db):
    client.cookies["django_language"] = "en"
    client.post("/accounts/signup/", {
        "first_name": "Jean", "last_name": "Dupont", "email": "jean@batteries.example",
        "password1": "Akku-Campus-2027!", "password2": "Akku-Campus-2027!"})
    email = OutgoingEmail.objects.get(to="jean@batteries.example")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", email.body_text).group(0)
    assert link.endswith("?lang=en")

    visitor = client.__class__()  # another browser, German, without a choice
    response = visitor.get(path_of(link), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


def test_the_mail_itself_is_stored_with_the_tagged_links(db, settings):
    settings.PORTAL_BASE_URL = BASE
    email = mail.enqueue_rendered(to="x@example.com", subject="Hallo",
                                  body_text=f"Bitte hier: {BASE}/my/", language="de")
    assert email.body_text == f"Bitte hier: {BASE}/my/?lang=de"
