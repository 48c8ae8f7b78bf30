"""A barrier reported from any page's footer reaches the staff, in a real browser with axe."""

import os

import pytest
from django.core.management import call_command

from accessibility.models import BarrierReport
from network_portal.models import OutgoingEmail
from network_portal.testing import PASSWORD, axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def operator(settings):
    settings.OPERATOR = {**settings.OPERATOR, "name": "Netzwerkbüro Batterie e. V.",
                         "email": "barrierefrei@netzwerk.example", "phone": "+49 375 000"}
    settings.ACCESSIBILITY = {**settings.ACCESSIBILITY,
                              "enforcement_name": "Schlichtungsstelle BGG",
                              "enforcement_url": "https://www.schlichtungsstelle-bgg.de/"}


def test_a_visitor_reports_a_barrier_from_the_footer_and_staff_answer_it(page, operator):
    make_user("wifoe@stadt.example", role="economic-development")
    page.goto("/events/")

    page.get_by_role("contentinfo").get_by_role("link", name="Barriere melden").click()

    page.wait_for_url("**/accessibility/report/?page=/events/")
    assert page.get_by_role("heading", level=1).inner_text() == "Barriere melden"
    assert page.get_by_label("Auf welcher Seite?").input_value() == "/events/"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Meldung absenden").click()  # empty: refused at the field
    assert page.locator("#id_description").get_attribute("aria-invalid") == "true"
    assert "erforderlich" in page.locator("#id_description_error").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Was funktioniert nicht?").fill(
        "Der Monatsfilter lässt sich mit dem Screenreader nicht bedienen.")
    page.get_by_label("Ihre E-Mail-Adresse").fill("ada@beispiel.example")
    page.get_by_role("button", name="Meldung absenden").click()

    page.wait_for_url("**/accessibility/report/sent/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vielen Dank für Ihre Meldung"
    assert "ada@beispiel.example" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert set(OutgoingEmail.objects.values_list("to", flat=True)) == {
        "ada@beispiel.example", "barrierefrei@netzwerk.example"}

    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("wifoe@stadt.example")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Meldungen von Barrieren öffnen").click()

    report = BarrierReport.objects.get()
    card = page.locator(f"#report-{report.pk}").locator("xpath=ancestor::article")
    assert "Monatsfilter" in card.inner_text() and "vor 0 Tagen" in card.inner_text()
    assert axe_violations(page) == []
    card.get_by_label("Wie beantwortet").fill("Per E-Mail geantwortet, Fehler behoben")
    card.get_by_role("button", name="Als beantwortet markieren").click()

    assert page.get_by_text(f"Meldung Nr. {report.pk} ist als beantwortet markiert.").is_visible()
    assert page.get_by_text("Keine offenen Meldungen.").is_visible()
    report.refresh_from_db()
    assert report.answered_at is not None


def test_the_statement_and_the_easy_language_page_are_accessible(page, operator):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Barrierefreiheit").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Erklärung zur Barrierefreiheit"
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/accessibility-statement.png", full_page=True)
    page.get_by_role("link", name="Schlichtungsstelle BGG").is_visible()

    page.get_by_role("main").get_by_role("link", name="Informationen in Leichter Sprache").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Leichte Sprache"
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/easy-language.png", full_page=True)

    page.get_by_role("contentinfo").get_by_role("link", name="Datenschutz").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Datenschutzerklärung"
    page.get_by_role("navigation", name="Inhalt").get_by_role(
        "link", name="Meldungen von Barrieren").click()
    assert page.evaluate("location.hash") == "#accessibility-feedback"
    assert axe_violations(page) == []


def test_the_barrier_form_works_with_the_keyboard_alone_on_a_narrow_screen(page, operator):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/accessibility/report/")
    page.locator("#id_description").focus()

    page.keyboard.type("Die Tabelle der Teilnehmer ist auf dem Handy abgeschnitten.")
    for _ in range(3):  # page, name, e-mail; the hidden trap field is skipped
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.data-note') !== null")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Meldung absenden"
    # Nothing sticks out of a 320 px window (WCAG 1.4.10 reflow).
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("Enter")

    page.wait_for_url("**/accessibility/report/sent/")
    assert BarrierReport.objects.get().description.startswith("Die Tabelle")


@pytest.mark.parametrize("width", [320, 640])  # a phone, and 1280 px zoomed to 200 %
def test_the_pages_the_statement_names_reflow_without_scrolling_sideways(page, settings, width):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))
    settings.DEBUG = False
    page.set_viewport_size({"width": width, "height": 800})

    for url in ["/", "/events/", "/members/", "/accessibility/", "/accessibility/report/",
                "/leichte-sprache/", "/privacy/"]:
        page.goto(url)
        # WCAG 1.4.10: long German compounds, stage badges and setting names wrap.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
