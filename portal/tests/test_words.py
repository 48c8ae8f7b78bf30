"""One word for one thing (issue 14): logging in is "Einloggen", making an account "Konto
erstellen", registering for an event "Zur Veranstaltung anmelden", in German and English."""

import re

import pytest

from network_portal.models import OutgoingEmail
from network_portal.testing import make_user


def _english(client):
    client.cookies["django_language"] = "en"


def test_the_header_says_log_in_and_create_account_in_german(client, db):
    html = client.get("/").content.decode()

    assert ">Einloggen</a>" in html and ">Konto erstellen</a>" in html
    assert ">Anmelden</a>" not in html and "Registrieren" not in html


def test_the_header_says_log_in_and_create_account_in_english(client, db):
    _english(client)

    html = client.get("/").content.decode()

    assert ">Log in</a>" in html and ">Create account</a>" in html


@pytest.mark.parametrize("language, title, button", [
    ("de", "Einloggen", "Einloggen"), ("en", "Log in", "Log in")])
def test_the_login_page_uses_the_same_word_as_the_header(client, db, language, title, button):
    client.cookies["django_language"] = language

    html = " ".join(client.get("/accounts/login/").content.decode().split())

    assert re.search(rf"<title> ?{title} ·", html)
    assert re.search(rf'type="submit"> ?{button} ?</button>', html)


def test_the_sign_up_page_says_create_account(client, db):
    html = " ".join(client.get("/accounts/signup/").content.decode().split())

    assert "<title> Konto erstellen ·" in html and "Registrieren" not in html


def test_a_member_logs_out_with_ausloggen(client, db):
    client.force_login(make_user("anna@zellwerk.example"))

    html = client.get("/my/").content.decode()

    assert ">Ausloggen</button>" in html and "Abmelden" not in html


def test_the_event_page_offers_to_register_for_the_event(client, db):
    from events.tests.factories import EventFactory

    event = EventFactory()

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Zur Veranstaltung anmelden" in html


def test_the_address_confirmation_mail_greets_without_naming_the_portal_oddly(client, db):
    client.post("/accounts/signup/", {"first_name": "Nele", "last_name": "Neumann",
                                      "email": "neu@batterie.example",
                                      "password1": "Zellchemie-2027!", "password2": "Zellchemie-2027!"})

    email = OutgoingEmail.objects.get(to="neu@batterie.example")
    assert email.body_text.startswith("Guten Tag,")
    assert "Hallo von" not in email.body_text and "Mit freundlichen Grüßen" in email.body_text


def test_the_confirmation_page_reads_as_a_sentence(client, db):
    import re

    client.post("/accounts/signup/", {"first_name": "Nele", "last_name": "Neumann",
                                      "email": "neu@batterie.example",
                                      "password1": "Zellchemie-2027!", "password2": "Zellchemie-2027!"})
    body = OutgoingEmail.objects.get(to="neu@batterie.example").body_text
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", body).group(1)

    text = " ".join(re.sub(r"<[^>]+>", " ", client.get(path).content.decode()).split())

    assert ("Bitte bestätigen Sie, dass neu@batterie.example Ihre E-Mail-Adresse für das Konto "
            "von Nele Neumann ist.") in text.replace(" .", ".")
