"""Every events e-mail renders in German and in English, with the registrant's details."""

import pytest

from events.services import _mail_context
from events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory
from network_portal import mail

pytestmark = pytest.mark.django_db

TEMPLATES = ["confirmation", "waitlisted", "promoted", "agenda_promoted", "cancelled",
             "event_cancelled", "reminder", "event_changed"]


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_email_exists_in_both_languages(template):
    event = EventFactory(title_de="Netzwerktreffen", title_en="Network meeting",
                         online_url="https://webinar.example.org/x")
    item = AgendaItemFactory(event=event, title_de="Insel Energie", title_en="Energy island")
    registration = RegistrationFactory(event=event, name="Mara Muster", status="waitlisted")
    context = {**_mail_context(registration), "agenda_item": item}

    subject_de, body_de, _html = mail.render(f"events_{template}", language="de", context=context)
    subject_en, body_en, _html = mail.render(f"events_{template}", language="en", context=context)

    assert subject_de != subject_en
    assert body_de.startswith("Hallo Mara Muster,") and body_en.startswith("Hello Mara Muster,")
    assert "Netzwerktreffen" in body_de and "Network meeting" in body_en
    assert "Wann:" in body_de and "When:" in body_en
    # No English sentence left in the German text (a missing translation would show).
    assert " the " not in body_de and " you " not in body_de


def test_links_in_emails_use_the_portals_public_address(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    registration = RegistrationFactory()

    _subject, body, _html = mail.render("events_confirmation", language="de",
                                        context=_mail_context(registration))

    assert f"https://portal.example.org/events/registration/{registration.token}/" in body
