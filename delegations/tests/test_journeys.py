"""Delegation trips in a real browser: apply, decide, the participant overview. Each page is axe-clean."""

import pytest

from delegations import demo
from delegations.models import Application
from members import demo as members_demo
from members.models import Organization
from network_portal.testing import PASSWORD, axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPEN_TRIP = "akkumulatoren-campus-auvergne-rhone-alpes-2027"
OPEN_TITLE = "Vom Akkumulatoren-Campus Zwickau nach Auvergne-Rhône-Alpes"
SHOTS = "/tmp/delegations-shots"


@pytest.fixture
def trips():
    members_demo.seed()
    demo.seed()


def log_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/my/")


def shot(page, name):
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_member_applies_for_the_open_trip_and_sees_it_in_my_portal(page, trips):
    make_user("anna@batterie.example", first_name="Anna", last_name="Akku")
    log_in(page, "anna@batterie.example")

    page.goto("/delegations/")
    assert axe_violations(page) == []
    shot(page, "list")
    page.get_by_role("link", name=OPEN_TITLE).first.click()
    assert page.get_by_role("heading", level=2, name="Programm").is_visible()
    assert axe_violations(page) == []
    shot(page, "detail")
    page.get_by_role("link", name="Jetzt bewerben").click()

    page.get_by_label("Organisation", exact=True).select_option(label="Westsächsische Hochschule Zwickau")
    page.get_by_label("Recycling").first.check()
    page.get_by_label("Kooperationsinteressen", exact=True).fill("Partner für Zellrecycling")
    page.get_by_label("Mein Name und meine Funktion").check()
    assert axe_violations(page) == []
    shot(page, "apply")
    page.get_by_role("button", name="Bewerbung absenden").click()

    page.wait_for_url("**/my/")
    row = page.get_by_role("row", name="Vom Akkumulatoren-Campus Zwickau")
    assert "Eingereicht" in row.inner_text()
    assert axe_violations(page) == []
    shot(page, "my-portal")
    application = Application.objects.get(user__email="anna@batterie.example")
    assert application.organisation.slug == "whz" and application.public_consent


def test_the_organiser_accepts_an_application(page, trips):
    campus = Organization.objects.get(slug="akkumulatoren-campus-zwickau")
    make_user("organiser@batterie.example", role="cluster-manager", cluster=campus)
    log_in(page, "organiser@batterie.example")

    page.goto(f"/delegations/{OPEN_TRIP}/")
    page.get_by_role("link", name="Bewerbungen").click()
    assert "1 von 16 Plätzen vergeben" in page.locator("#seats-counter").inner_text()
    assert axe_violations(page) == []
    row = page.get_by_role("row", name="Jonas Beck")
    row.get_by_label("Nachricht an die Bewerberin").fill("Willkommen an Bord!")
    row.get_by_role("button", name="Zusagen").click()

    page.wait_for_selector("text=Die Entscheidung ist gespeichert")
    assert "2 von 16 Plätzen vergeben" in page.locator("#seats-counter").inner_text()
    assert axe_violations(page) == []
    shot(page, "applications")
    assert Application.objects.get(user__email="jonas.beck@demo.example").status == "accepted"


def test_the_public_sees_the_participant_overview_and_the_brochure(page, trips):
    page.goto(f"/delegations/{OPEN_TRIP}/")
    page.get_by_role("link", name="Wer kommt").click()

    assert page.get_by_role("heading", name="Westsächsische Hochschule Zwickau").is_visible()
    assert "Vogtland Recycling" not in page.content()  # waitlisted, no consent
    assert axe_violations(page) == []
    shot(page, "participants")
    page.get_by_role("link", name="Broschüre zum Drucken").click()
    assert page.locator("[data-print]").is_visible()
    assert axe_violations(page) == []
    shot(page, "brochure")
    page.emulate_media(media="print")
    assert not page.locator("[data-print]").is_visible()
    assert not page.locator("header.portal-header").is_visible()
    shot(page, "brochure-print")


def test_the_archived_wallonia_trip_shows_its_programme(page, trips):
    page.goto("/delegations/wirtschaftsreise-wallonie-2024/")

    assert page.get_by_role("heading", name="Tag 4: Donnerstag, 28. November 2024").is_visible()
    assert page.get_by_role("link", name="John Cockerill").first.is_visible()
    assert axe_violations(page) == []
    shot(page, "wallonia")
    page.goto("/")
    assert page.get_by_role("link", name=OPEN_TITLE).is_visible()
    assert axe_violations(page) == []
    shot(page, "home")


def test_a_participant_withdraws_in_my_portal(page, trips):
    from delegations import services
    from delegations.models import DelegationTrip

    person = make_user("ben@batterie.example", first_name="Ben", last_name="Batterie")
    services.apply(DelegationTrip.objects.get(slug=OPEN_TRIP), person, organisation_name="Ben GmbH")
    log_in(page, "ben@batterie.example")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Zurückziehen").click()

    page.wait_for_selector("text=Ihre Bewerbung wurde zurückgezogen.")
    assert "Zurückgezogen" in page.get_by_role("row", name=OPEN_TITLE).inner_text()
    assert axe_violations(page) == []


def test_a_host_prepares_the_stop(page, trips):
    from members.models import Representative

    person = make_user("gastgeber@cara.example", first_name="Camille", last_name="Hôte")
    Representative.objects.create(user=person, organization=Organization.objects.get(slug="cara"),
                                  status=Representative.Status.CONFIRMED)
    log_in(page, "gastgeber@cara.example")

    page.goto(f"/delegations/{OPEN_TRIP}/")
    page.get_by_role("link", name="Besuch vorbereiten").click()

    assert page.get_by_role("cell", name="Forschungspartner für Zellrecycling").is_visible() or (
        "Forschungspartner für Zellrecycling" in page.content())
    assert "Vogtland Recycling" not in page.content()  # waitlisted
    assert axe_violations(page) == []
    shot(page, "host")


def test_an_organiser_creates_a_trip_with_its_programme(page, trips):
    campus = Organization.objects.get(slug="akkumulatoren-campus-zwickau")
    make_user("planer@batterie.example", role="cluster-manager", cluster=campus)
    log_in(page, "planer@batterie.example")

    page.goto("/delegations/")
    page.get_by_role("link", name="Neue Delegationsreise").click()
    trip = page.locator("fieldset#trip-fields")
    trip.get_by_label("Titel (Deutsch)").fill("Batterietage in Nordbrabant")
    trip.get_by_label("Adresse im Portal").fill("batterietage-nordbrabant-2027")
    trip.get_by_label("Status").select_option("open")
    trip.get_by_label("erster Tag").fill("2027-09-20")
    trip.get_by_label("letzter Tag").fill("2027-09-21")
    trip.get_by_label("Bewerbungsschluss").fill("2027-08-31T12:00")
    trip.get_by_label("Plätze").fill("12")
    page.locator("#id_organisers").fill("Akkumulatoren-Campus Zwickau")  # the organiser search
    page.locator("#id_stops-0-date").fill("2027-09-20")
    page.locator("#id_stops-0-start_time").fill("10:00")
    page.locator("#id_stops-0-title_de").fill("Besuch beim Brainport")
    assert axe_violations(page) == []
    shot(page, "trip-form")
    page.get_by_role("button", name="Reise speichern").click()

    page.wait_for_selector("text=Die Reise wurde gespeichert.")
    assert page.get_by_role("heading", level=1).inner_text() == "Batterietage in Nordbrabant"
    assert "Besuch beim Brainport" in page.content()


def test_a_foreign_partner_reads_the_trip_in_english(page, trips):
    page.goto(f"/delegations/{OPEN_TRIP}/")
    page.get_by_role("link", name="EN", exact=True).click()

    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "From the Zwickau battery campus to Auvergne-Rhône-Alpes")
    assert page.get_by_role("heading", name="Day 2: Tuesday, June 15, 2027").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Who is coming").click()
    assert page.get_by_role("heading", name="Westsächsische Hochschule Zwickau").is_visible()
    assert axe_violations(page) == []
    shot(page, "participants-en")


def test_the_organiser_cancels_the_trip_and_the_applicants_are_told(page, trips):
    from delegations.models import DelegationTrip
    from network_portal.models import OutgoingEmail

    campus = Organization.objects.get(slug="akkumulatoren-campus-zwickau")
    make_user("absage@batterie.example", role="cluster-manager", cluster=campus)
    trip = DelegationTrip.objects.get(slug=OPEN_TRIP)
    still_running = set(trip.applications.filter(status__in=Application.ACTIVE)
                        .values_list("user__email", flat=True))
    log_in(page, "absage@batterie.example")

    page.goto(f"/delegations/{OPEN_TRIP}/applications/")
    page.get_by_label("Nachricht an die Bewerberinnen und Bewerber").fill("Die Messe fällt aus.")
    assert axe_violations(page) == []
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reise absagen").click()

    page.wait_for_selector("text=Diese Reise wurde abgesagt.")
    assert axe_violations(page) == []
    shot(page, "cancelled")
    told = OutgoingEmail.objects.filter(template="delegations_trip_cancelled")
    assert still_running and set(told.values_list("to", flat=True)) == still_running


def test_the_organiser_changes_the_meeting_point_and_the_participants_are_told(page, trips):
    from delegations.models import DelegationTrip
    from network_portal.models import OutgoingEmail

    campus = Organization.objects.get(slug="akkumulatoren-campus-zwickau")
    make_user("treffpunkt@batterie.example", role="cluster-manager", cluster=campus)
    trip = DelegationTrip.objects.get(slug=OPEN_TRIP)
    accepted = set(trip.applications.filter(status=Application.Status.ACCEPTED)
                   .values_list("user__email", flat=True))
    log_in(page, "treffpunkt@batterie.example")

    page.goto(f"/delegations/{OPEN_TRIP}/")
    page.get_by_role("link", name="Reise bearbeiten").click()
    page.locator("fieldset#trip-fields").get_by_label("Treffpunkt (Deutsch)").fill(
        "Zwickau Hauptbahnhof, Busbahnhof")
    page.get_by_role("button", name="Reise speichern").click()

    page.wait_for_selector("text=erhält das geänderte Programm per E-Mail")
    assert "Zwickau Hauptbahnhof, Busbahnhof" in page.content()
    assert axe_violations(page) == []
    shot(page, "programme-changed")
    told = OutgoingEmail.objects.filter(template="delegations_programme_changed")
    assert accepted and set(told.values_list("to", flat=True)) == accepted
    assert all(email.attachments for email in told)
    # The unchanged itinerary the browser sent again is no change of it.
    assert all("die Reiseroute" not in email.body_text for email in told if email.language == "de")
    assert {email.body_text.count("Treffpunkt oder die Anreise") for email in told
            if email.language == "de"} == {1}


def test_the_organiser_reads_in_the_history_who_decided_what(page, trips):
    campus = Organization.objects.get(slug="akkumulatoren-campus-zwickau")
    make_user("verlauf@batterie.example", role="cluster-manager", cluster=campus,
              first_name="Vera", last_name="Verlauf")
    log_in(page, "verlauf@batterie.example")

    page.goto(f"/delegations/{OPEN_TRIP}/applications/")
    assert page.get_by_text("Für diese Reise ist noch nichts verzeichnet.").is_visible()
    page.get_by_role("row", name="Claire Martin").get_by_role("button", name="Absagen").click()
    page.wait_for_selector("text=Die Entscheidung ist gespeichert")

    history = page.locator("#trip-history")
    assert page.get_by_role("heading", name="Verlauf").is_visible()
    row = history.get_by_role("row").nth(1)
    assert "Vera Verlauf" in row.inner_text()
    assert "hat abgesagt: Claire Martin" in row.inner_text()
    assert axe_violations(page) == []
    shot(page, "history")


def test_the_organiser_reads_a_sent_email_and_sends_it_again(page, trips):
    from network_portal.models import OutgoingEmail

    campus = Organization.objects.get(slug="akkumulatoren-campus-zwickau")
    make_user("organiser@batterie.example", role="cluster-manager", cluster=campus)
    trip = Application.objects.filter(trip__slug=OPEN_TRIP).first().trip
    OutgoingEmail.objects.create(to="jonas.beck@demo.example", subject="Ihre Bewerbung",
                                 body_text="Guten Tag,\n\nIhre Bewerbung ist eingegangen.",
                                 reference=trip.reference, status="failed",
                                 last_error="550 mailbox unavailable")
    log_in(page, "organiser@batterie.example")

    page.goto(f"/delegations/{OPEN_TRIP}/")
    page.get_by_role("link", name="Versandte E-Mails zu dieser Reise").click()
    row = page.get_by_role("row", name="jonas.beck@demo.example")
    row.locator("summary").click()
    assert "Ihre Bewerbung ist eingegangen." in row.inner_text()
    assert axe_violations(page) == []
    shot(page, "trip-outbox")
    row.get_by_role("button", name="Erneut senden").click()

    page.wait_for_selector("text=wird erneut gesendet")
    assert axe_violations(page) == []
