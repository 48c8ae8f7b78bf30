"""A member registers online for a hybrid event in German, in a real browser (axe on each page),
and finds the online link on the secret-link page; an on-site seat shows no link. Staff register
a late online walk-in and write to the online people only."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from network_portal.models import OutgoingEmail
from network_portal.testing import PASSWORD, axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = "https://meet.example.org/hybrid-zwickau"


def log_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Einloggen").click()
    page.wait_for_url("**/my/")


def hybrid_event():
    return EventFactory(title_de="Batterieforum hybrid", capacity=30, online_capacity=100,
                        online_url=LINK, venue_name="Stadthalle Zwickau",
                        starts_at=timezone.now() + timedelta(days=30),
                        ends_at=timezone.now() + timedelta(days=30, hours=3))


def test_a_member_registers_online_and_sees_the_link_on_the_secret_link_page(page):
    make_user("mara@zellwerk.example", first_name="Mara", last_name="Muster")
    event = hybrid_event()
    log_in(page, "mara@zellwerk.example")

    page.goto(event.get_absolute_url())
    main = page.locator("main")
    assert "Vor Ort: 30 Plätze frei" in main.inner_text()
    assert "Online: 100 Plätze frei" in main.inner_text()
    assert LINK not in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Zur Veranstaltung anmelden").click()

    page.locator("#id_organisation_name").fill("Zellwerk Zwickau GmbH")
    page.locator("main form button[type=submit]").click()  # no choice made yet
    assert "Bitte wählen Sie, ob Sie vor Ort oder online teilnehmen." in main.inner_text()
    assert not Registration.objects.exists()
    assert axe_violations(page) == []
    page.get_by_role("radio", name=re.compile(r"^Online \(100 Plätze frei\)")).check()
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/events/registration/**")
    text = main.inner_text()
    assert "Bestätigt" in text and "Online" in text
    assert main.get_by_role("link", name=LINK).is_visible()
    assert "Stadthalle Zwickau" not in text  # no directions for an online seat
    assert axe_violations(page) == []
    registration = Registration.objects.get()
    assert registration.attendance == Registration.Attendance.ONLINE


@pytest.mark.parametrize("width", [1280, 390])
def test_the_hybrid_registration_form_fits_the_screen(page, width):
    make_user("mara@zellwerk.example", first_name="Mara", last_name="Muster")
    event = hybrid_event()
    log_in(page, "mara@zellwerk.example")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/events/{event.slug}/register/")

    assert page.get_by_role("radio", name=re.compile(r"^Vor Ort")).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/hybrid-form-{width}.png", full_page=True)
    assert axe_violations(page) == []


def test_staff_register_a_late_online_walk_in_and_write_to_the_online_people_only(page, cluster):
    make_user("manager@example.com", role="cluster-manager", cluster=cluster)
    event = EventFactory(title_de="Batterieforum hybrid", organisers=[cluster], capacity=30,
                         online_capacity=100, online_url=LINK, starts_at=timezone.now(),
                         ends_at=timezone.now() + timedelta(hours=3))
    RegistrationFactory(event=event, name="Sabine Saal", attendance="on_site")
    RegistrationFactory(event=event, name="Olga Online", attendance="online")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "manager@example.com")

    # At the door: someone joins the stream late; the organiser registers them online.
    page.goto(f"/events/{event.slug}/participants/")
    page.get_by_text("Person am Empfang anmelden").click()
    assert page.get_by_role("radio", name=re.compile(r"^Vor Ort")).is_checked()
    page.get_by_label("Name", exact=True).fill("Lena Spät")
    page.locator("#walk-in-email").fill("lena@example.com")
    page.get_by_role("radio", name=re.compile(r"^Online \(99 Plätze frei\)")).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Anmelden und einchecken").click()
    page.wait_for_selector("text=Lena Spät ist online angemeldet und eingecheckt.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    walk_in = Registration.objects.get(email="lena@example.com")
    assert walk_in.attendance == Registration.Attendance.ONLINE
    event.refresh_from_db()
    assert (event.seats_taken, event.online_seats_taken) == (1, 2)
    page.screenshot(path="/tmp/hybrid-walk-in-phone.png", full_page=True)

    # Then a message to the online people only: the stream starts later.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/events/{event.slug}/message/")
    page.get_by_label("Bestätigt (alle mit Platz)").check()
    page.get_by_label("Nur Online-Teilnehmende").check()
    page.get_by_label("Betreff (Deutsch)").fill("Der Stream beginnt später")
    page.get_by_label("Text (Deutsch)").fill("Wir starten um 14:15 Uhr.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Vorschau und Zahl der Empfänger anzeigen").click()
    assert page.locator("#recipient-count").inner_text() == "2 Personen bekommen diese Nachricht."
    assert axe_violations(page) == []
    page.get_by_role("button", name="An 2 Personen senden").click()
    page.wait_for_url(f"**/events/{event.slug}/outbox/")
    sent = OutgoingEmail.objects.filter(template="events_message")
    assert sorted(sent.values_list("to", flat=True)) == sorted(
        [walk_in.email, event.registrations.get(name="Olga Online").email])
