"""Journey: the organiser names the contact for follow-up; the brochure prints it beside each
organisation's website, city and logo. German, axe-clean, screenshots at 1280 and 390 px."""

import pytest

from delegations import demo
from members import demo as members_demo
from members.models import Organization
from network_portal.testing import PASSWORD, axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPEN_TRIP = "akkumulatoren-campus-auvergne-rhone-alpes-2027"


def test_the_organiser_names_a_follow_up_contact_and_the_brochure_prints_it(page):
    members_demo.seed()
    demo.seed()
    campus = Organization.objects.get(slug="akkumulatoren-campus-zwickau")
    Organization.objects.filter(slug="whz").update(website="https://www.fh-zwickau.de")
    make_user("organiser@batterie.example", role="cluster-manager", cluster=campus)

    page.goto("/accounts/login/")
    page.get_by_label("E-Mail").fill("organiser@batterie.example")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Einloggen").click()
    page.wait_for_url("**/my/")

    page.goto(f"/delegations/{OPEN_TRIP}/")
    page.get_by_role("link", name="Reise bearbeiten").click()
    page.get_by_label("Ansprechperson für die Nachbereitung").fill("Katrin Vogel")
    page.get_by_label("Funktion und Organisation").fill("Clustermanagement, Akkumulatoren-Campus")
    page.get_by_label("E-Mail-Adresse", exact=True).fill("nachbereitung@campus.example")
    page.get_by_label("Telefonnummer").fill("+49 375 536 0")
    page.get_by_role("button", name="Reise speichern").click()
    page.wait_for_selector("text=Die Reise wurde gespeichert.")

    page.get_by_role("link", name="Wer kommt").click()
    page.get_by_role("link", name="Broschüre zum Drucken").click()
    follow_up = page.get_by_role("region", name="Ansprechperson für die Nachbereitung")
    assert "Katrin Vogel, Clustermanagement, Akkumulatoren-Campus" in follow_up.inner_text()
    assert follow_up.get_by_role("link", name="nachbereitung@campus.example").is_visible()
    card = page.locator("article", has=page.get_by_role("heading",
                                                        name="Westsächsische Hochschule Zwickau"))
    assert card.get_by_role("link", name="https://www.fh-zwickau.de").is_visible()
    assert "Zwickau" in card.inner_text()
    assert axe_violations(page) == []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/brochure-{width}.png", full_page=True)
    page.emulate_media(media="print")
    assert follow_up.is_visible()
    page.screenshot(path="/tmp/brochure-print.png", full_page=True)
