"""At the door on a phone (390 px): staff open a person's QR link and check them in."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from events.tests.test_journeys import log_in
from network_portal.testing import axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_check_a_person_in_from_the_qr_link_on_a_phone(page, cluster):
    make_user("manager@example.com", role="cluster-manager", cluster=cluster)
    event = EventFactory(title_de="Netzwerktreffen Zwickau 2026", organisers=[cluster],
                         starts_at=timezone.now())
    registration = RegistrationFactory(event=event, name="Erika Mustermann",
                                       organisation_name="Zellwerk GmbH")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "manager@example.com")

    page.goto(registration.get_check_in_url())  # what the phone's camera opens
    assert "Erika Mustermann" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Einchecken").click()
    page.wait_for_load_state()

    assert "Erika Mustermann ist eingecheckt." in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Rückgängig").is_visible()
    assert "Eingecheckt: 1" in page.locator("main").inner_text()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path="/tmp/events-check-in-phone.png", full_page=True)


def test_staff_type_a_code_search_as_they_type_and_check_in_on_a_phone(page, cluster):
    make_user("manager@example.com", role="cluster-manager", cluster=cluster)
    event = EventFactory(title_de="Netzwerktreffen Zwickau 2026", organisers=[cluster],
                         starts_at=timezone.now())
    erika = RegistrationFactory(event=event, name="Erika Mustermann",
                                organisation_name="Zellwerk GmbH")
    for n in range(12):
        RegistrationFactory(event=event, name=f"Person {n:02d}", organisation_name="Anoden AG")
    bea = RegistrationFactory(event=event, name="Bea Bereit", organisation_name="Beta AG")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "manager@example.com")
    page.goto(f"/events/{event.slug}/participants/")

    # A code nobody has: a clear message, nothing changes.
    page.get_by_label("Check-in-Code", exact=True).fill("ZZZZZZZZ")
    page.get_by_role("button", name="Öffnen").click()
    page.wait_for_selector("text=Keine Anmeldung dieser Veranstaltung hat den Check-in-Code")
    assert axe_violations(page) == []

    # The person's code, typed as a phone types it (first letter capitalised or not).
    page.get_by_label("Check-in-Code", exact=True).fill(erika.check_in_code)
    page.get_by_role("button", name="Öffnen").click()
    page.wait_for_url(f"**/check-in/{erika.check_in_code}/")
    page.get_by_role("button", name="Einchecken").click()
    page.wait_for_selector("text=Erika Mustermann ist eingecheckt.")
    assert "Eingecheckt: 1" in page.locator("main").inner_text()

    # Back on the list: the search narrows the rows as one types (no button pressed).
    page.get_by_role("link", name="Teilnehmendenliste").click()
    search = page.get_by_label("Name oder Organisation")
    search.press_sequentially("Bere", delay=30)
    expect(page.locator("main table")).not_to_contain_text("Person 00")
    table = page.locator("main table").inner_text()
    assert "Bea Bereit" in table and "Erika Mustermann" not in table
    assert page.evaluate("document.activeElement.name") == "q"  # still typing
    page.get_by_role("button", name=re.compile(r"^Einchecken\W+Bea Bereit")).click()
    page.wait_for_selector("text=Bea Bereit ist eingecheckt.")
    assert "q=Bere" in page.url and page.url.endswith(f"#registration-{bea.pk}")
    assert "Teilgenommen: 2" in page.locator("main").inner_text()
    bea.refresh_from_db()
    assert bea.status == Registration.Status.ATTENDED
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path="/tmp/events-check-in-list-phone.png", full_page=True)


def test_badges_print_on_a6_cards_sorted_by_organisation(page, cluster):
    make_user("manager@example.com", role="cluster-manager", cluster=cluster)
    event = EventFactory(title_de="Netzwerktreffen Zwickau 2026", organisers=[cluster])
    for name, org in [("Zora Abel", "Zellwerk GmbH"), ("Anna Özdemir", "Anodenbau AG"),
                      ("Bernd Müller", "Zellwerk GmbH")]:
        RegistrationFactory(event=event, name=name, organisation_name=org)
    log_in(page, "manager@example.com")
    page.goto(f"/events/{event.slug}/participants/")
    page.get_by_role("link", name="Namensschilder").click()
    page.get_by_label("Sortieren nach").select_option("organisation")
    page.get_by_label("Größe der Namensschilder").select_option("a6")
    page.get_by_role("button", name="Übernehmen").click()
    page.wait_for_url("**size=a6**")
    assert page.locator(".name-badge-name").all_inner_texts() == [
        "Anna Özdemir", "Zora Abel", "Bernd Müller"]
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-badges-screen.png", full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path="/tmp/events-badges-print.png", full_page=True)
    page.pdf(path="/tmp/events-badges-a6.pdf", prefer_css_page_size=True)
    # One A6 card per badge: each badge as tall as a card (147 of its 148 mm at 96 dpi ≈ 556 px), and the
    # print stylesheet asks for A6 pages (this Chromium's PDF output ignores @page sizes).
    heights = page.locator(".name-badge").evaluate_all("els => els.map(e => e.offsetHeight)")
    assert all(abs(h - 556) <= 2 for h in heights), heights  # 147 mm
    assert "size: 105mm 148mm" in page.evaluate(PAGE_SIZES)
    # Nothing but the badges on the paper: three cards' height, no spill onto a fourth page.
    assert page.evaluate("document.documentElement.scrollHeight") <= 3 * 556 + 2

    page.emulate_media(media="screen")
    page.get_by_label("Größe der Namensschilder").select_option("90x54")
    page.get_by_role("button", name="Übernehmen").click()
    page.wait_for_url("**size=90x54**")
    page.emulate_media(media="print")
    page.screenshot(path="/tmp/events-badges-90x54-print.png", full_page=True)
    page.pdf(path="/tmp/events-badges-90x54.pdf", prefer_css_page_size=True)
    sizes = page.locator(".name-badge").evaluate_all(
        "els => els.map(e => [e.offsetWidth, e.offsetHeight])")
    assert all(abs(w - 340) <= 2 and abs(h - 204) <= 2 for w, h in sizes), sizes  # 90 × 54 mm
    assert "size: a4" in page.evaluate(PAGE_SIZES)


# Every @page rule the page's stylesheets hold (in @media blocks too).
PAGE_SIZES = """() => {
  const sizes = [];
  const walk = rules => { for (const rule of rules) {
    if (rule instanceof CSSPageRule) { sizes.push(rule.cssText); }
    else if (rule.cssRules) { walk(rule.cssRules); } } };
  for (const sheet of document.styleSheets) { walk(sheet.cssRules); }
  return sizes.join(", ");
}"""
