"""Registering a colleague, one chooses the language of their e-mails; oneself gets the page's."""

import pytest

from events.models import Registration
from events.tests.factories import register_data
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def colleague(**fields):
    return register_data(registers_for="colleague", name="Kai Kollege",
                         email="kai@zellwerk.example", **fields)


def confirmation(registration):
    return OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation")


def test_a_colleague_gets_the_emails_in_the_chosen_language(client, member, event):
    client.force_login(member)

    client.post(f"/events/{event.slug}/register/", colleague(language="en"))  # German page

    registration = Registration.objects.get()
    assert registration.language == "en"
    email = confirmation(registration)
    assert email.language == "en"
    assert email.subject.startswith("Registration confirmed:")
    assert email.body_text.startswith("Hello Kai Kollege,")


def test_a_colleague_registered_from_the_english_page_may_get_german_emails(client, member,
                                                                            event):
    client.force_login(member)
    client.cookies["django_language"] = "en"

    client.post(f"/events/{event.slug}/register/", colleague(language="de"))

    registration = Registration.objects.get()
    assert registration.language == "de"
    assert confirmation(registration).subject.startswith("Anmeldung bestätigt:")


@pytest.mark.parametrize("page_language", ["de", "en"])
def test_without_a_choice_a_colleague_gets_the_pages_language(client, member, event,
                                                              page_language):
    client.force_login(member)
    client.cookies["django_language"] = page_language

    client.post(f"/events/{event.slug}/register/", colleague())

    assert Registration.objects.get().language == page_language


def test_registering_oneself_uses_the_pages_language_whatever_is_posted(client, member, event):
    client.force_login(member)

    client.post(f"/events/{event.slug}/register/", register_data(language="en"))

    registration = Registration.objects.get()
    assert registration.email == member.email
    assert registration.language == "de"
    assert confirmation(registration).subject.startswith("Anmeldung bestätigt:")


def test_an_unknown_language_is_refused(client, member, event):
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", colleague(language="fr"))

    assert response.status_code == 200
    assert "fr ist keine gültige Auswahl" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize(("page_language", "selected"), [("de", "de"), ("en", "en")])
def test_the_form_offers_german_and_english_preset_to_the_pages_language(
        client, member, event, page_language, selected):
    client.force_login(member)
    client.cookies["django_language"] = page_language

    text = client.get(f"/events/{event.slug}/register/").content.decode()

    assert 'name="language"' in text
    assert f'<option value="{selected}" selected>' in text
    label = "Language of the e-mails" if page_language == "en" else "Sprache der E-Mails"
    assert label in text
