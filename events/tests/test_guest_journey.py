"""A guest registers without an account, in German, in a real browser (axe on each page): the
form, the confirmation link from the outbox mail, the secret link that manages the seat."""

import re

import pytest

from events.models import Registration
from events.tests.factories import EventFactory
from network_portal.models import OutgoingEmail
from network_portal.testing import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(email, pattern) -> str:
    return re.search(pattern, email.body_text).group(0)


def test_a_guest_registers_confirms_from_the_mail_and_cancels_by_the_secret_link(page):
    event = EventFactory(title_de="Netzwerktreffen Zwickau", capacity=20)
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Zur Veranstaltung anmelden").click()

    main = page.locator("main")
    assert "48 Stunden" in main.inner_text()
    assert main.get_by_role("link", name="Einloggen").is_visible()
    assert main.get_by_role("link", name="Konto erstellen").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Vorname").fill("Jana")
    page.get_by_label("Nachname").fill("Gast")
    page.get_by_role("textbox", name=re.compile(r"^E-Mail")).fill("jana.gast@example.org")
    page.get_by_label("Organisation", exact=True).fill("Zellchemie Gast GmbH")
    page.get_by_role("button", name="Zur Veranstaltung anmelden").click()

    page.wait_for_url("**/register/sent/")
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in main.inner_text()
    assert axe_violations(page) == []
    registration = Registration.objects.get(email="jana.gast@example.org")
    assert registration.status == Registration.Status.HELD
    event.refresh_from_db()
    assert event.seats_left() == 19  # the held seat counts

    mail = OutgoingEmail.objects.get(template="events_guest_confirm")
    assert mail.language == "de" and "48 Stunden" in mail.body_text
    page.goto(link_in(mail, r"/events/confirm/[\w-]+/"))
    assert "Ihr Platz ist bis" in main.inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Anmeldung bestätigen").click()

    page.wait_for_url(f"**{registration.get_absolute_url()}")
    assert "Ihre Adresse ist bestätigt" in main.inner_text()
    assert "Bestätigt" in main.inner_text() and "Zellchemie Gast GmbH" in main.inner_text()
    assert axe_violations(page) == []
    confirmation = OutgoingEmail.objects.get(template="events_confirmation")
    assert registration.get_absolute_url() in confirmation.body_text  # the secret link

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Anmeldung stornieren").click()
    page.wait_for_load_state()
    assert "Die Anmeldung ist storniert." in main.inner_text()
    assert axe_violations(page) == []
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


@pytest.mark.parametrize("width", [1280, 390])
def test_the_guest_form_fits_the_screen(page, width):
    event = EventFactory(title_de="Branchendialog Batterie", capacity=250)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/events/{event.slug}/register/")

    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/guest-form-{width}.png", full_page=True)
    assert axe_violations(page) == []


def test_a_guest_registers_two_colleagues_at_once(page):
    event = EventFactory(title_de="Netzwerktreffen Chemnitz", capacity=20)
    page.goto(f"/events/{event.slug}/register/")
    page.get_by_role("link", name="Mehrere Personen Ihrer Organisation auf einmal anmelden").click()

    page.wait_for_url("**/register/group/")
    assert axe_violations(page) == []
    page.get_by_label("Ihr Vorname").fill("Gabi")
    page.get_by_label("Ihr Nachname").fill("Gast")
    page.get_by_role("textbox", name=re.compile(r"^Ihre E-Mail")).fill("gabi@zellwerk.example")
    page.get_by_label("Organisation", exact=True).fill("Zellwerk Gruppe GmbH")
    first = page.get_by_role("group", name="Person 1")
    first.get_by_label("Vorname").fill("Anna")
    first.get_by_label("Nachname").fill("Anders")
    first.get_by_role("textbox", name=re.compile(r"^E-Mail")).fill("anna@zellwerk.example")
    first.get_by_label(re.compile("Sprache")).select_option("en")
    # JavaScript adds the row in place (no page load): Person 1 keeps what was typed.
    page.get_by_role("button", name="Weitere Person hinzufügen").click()
    added = page.get_by_role("group", name="Weitere Person")
    assert added.count() == 1
    added.get_by_label("Vorname").fill("Ben")
    added.get_by_label("Nachname").fill("Berg")
    added.get_by_role("textbox", name=re.compile(r"^E-Mail")).fill("ben@zellwerk.example")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Zur Veranstaltung anmelden").click()

    page.wait_for_url("**/register/sent/")
    assert list(event.registrations.order_by("sequence").values_list(
        "name", "language", "status")) == [("Anna Anders", "en", "held"),
                                           ("Ben Berg", "de", "held")]
    mails = {m.to: m for m in OutgoingEmail.objects.filter(template="events_guest_confirm")}
    assert set(mails) == {"anna@zellwerk.example", "ben@zellwerk.example"}
    assert mails["anna@zellwerk.example"].language == "en"
    assert "Gabi Gast (gabi@zellwerk.example) hat Sie" in mails["ben@zellwerk.example"].body_text
    summary = OutgoingEmail.objects.get(template="events_group_summary")
    assert summary.to == "gabi@zellwerk.example" and "Ben Berg" in summary.body_text

    # Anna confirms from her mail (in English) and manages by her secret link.
    page.goto(link_in(mails["anna@zellwerk.example"], r"/events/confirm/[\w-]+/"))
    page.get_by_role("button", name="Confirm registration").click()
    anna = event.registrations.get(name="Anna Anders")
    page.wait_for_url(f"**{anna.get_absolute_url()}")
    assert "Confirmed" in page.locator("main").inner_text()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"/events/{event.slug}/register/group/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/group-form-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/group-form-1280.png", full_page=True)
