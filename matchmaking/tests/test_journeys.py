"""Journeys through matchmaking in a real browser, on the demo data, with axe on every page."""

import pytest
from django.core.management import call_command

from matchmaking.models import Introduction
from network_portal.models import OutgoingEmail
from network_portal.testing import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPRESENTATIVE = ("vertretung@demo.example", "demo-vertretung-2027")
CLUSTER_MANAGER = ("clustermanager@demo.example", "demo-cluster-2027")


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    with open("/dev/null", "w") as devnull:
        call_command("seed_demo", verbosity=0, stdout=devnull)
    settings.DEBUG = False


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Einloggen").click()
    page.wait_for_url("**/my/")


def log_out(page):
    page.get_by_role("button", name="Ausloggen").click()
    page.wait_for_url("**/")


def shot(page, name):
    page.screenshot(path=f"/tmp/matchmaking-{name}.png", full_page=True)


def test_a_member_asks_for_an_introduction_and_the_cluster_manager_accepts(page, demo):
    Introduction.objects.all().delete()  # the demo's own request: this journey makes a new one
    OutgoingEmail.objects.all().delete()
    log_in(page, *REPRESENTATIVE)
    assert page.get_by_role("heading", name="Passende Partner und Kontaktanfragen").is_visible()
    assert "Manz AG" in page.content()  # WHZ seeks production equipment, Manz offers it
    assert axe_violations(page) == []
    shot(page, "my-portal")

    page.goto("/members/volkswagen-sachsen/")
    assert page.get_by_role("heading", name="Angebote und Bedarfe").is_visible()
    assert page.get_by_role("heading", name="Passende Partner", exact=True).is_visible()
    assert axe_violations(page) == []
    shot(page, "profile")
    page.get_by_role("link", name="Kontakt anfragen").click()

    page.wait_for_url("**/matchmaking/volkswagen-sachsen/contact/")
    assert axe_violations(page) == []
    page.get_by_label("Ihre Nachricht").fill(
        "Wir bauen einen Prüfstand für Batteriemodule auf und suchen einen Praxispartner.")
    page.get_by_label("Im Namen von").select_option(label="Westsächsische Hochschule Zwickau")
    shot(page, "contact-form")
    page.get_by_role("button", name="Anfrage senden").click()

    page.wait_for_selector("text=Ihre Anfrage ist verschickt.")
    assert "Wartet auf Antwort" in page.content()
    assert axe_violations(page) == []
    request = OutgoingEmail.objects.get(template="matchmaking_introduction_requested")
    assert request.to == CLUSTER_MANAGER[0]  # Volkswagen Sachsen has no representative
    assert REPRESENTATIVE[0] not in request.body_text
    log_out(page)

    log_in(page, *CLUSTER_MANAGER)
    assert page.get_by_role("heading", name="Kooperationsanbahnungen in Ihren Clustern").is_visible()
    page.get_by_role("link", name="Anfrage an Volkswagen Sachsen GmbH").click()
    assert "Viktor Vertreter" in page.content() and REPRESENTATIVE[0] not in page.content()
    assert axe_violations(page) == []
    shot(page, "answer")
    page.get_by_role("button", name="Annehmen und Kontakte austauschen").click()

    page.wait_for_selector("text=Sie haben angenommen.")
    assert axe_violations(page) == []
    accepted = {mail.to: mail for mail in
                OutgoingEmail.objects.filter(template="matchmaking_introduction_accepted")}
    assert set(accepted) == {REPRESENTATIVE[0], CLUSTER_MANAGER[0]}
    assert CLUSTER_MANAGER[0] in accepted[REPRESENTATIVE[0]].body_text
    assert REPRESENTATIVE[0] in accepted[CLUSTER_MANAGER[0]].body_text


def test_a_representative_reads_the_matching_partners_in_english_and_filters(page, demo):
    log_in(page, *REPRESENTATIVE)
    page.goto("/matchmaking/whz/partners/")
    page.get_by_role("link", name="EN", exact=True).click()

    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Matching partners of Westsächsische Hochschule Zwickau")
    first = page.locator(".suggestion").first
    assert "Manz AG" in first.inner_text()
    assert "offers Production equipment & automation and Digitalisation, which you are looking for" in \
        first.inner_text()
    assert "is looking for Testing, validation & certification and Research & development, " \
        "which you offer" in first.inner_text()
    assert axe_violations(page) == []
    shot(page, "partners-en")

    page.get_by_label("Kind").select_option(label="Company")
    page.get_by_label("Region").select_option(label="Saxony")
    page.get_by_role("button", name="Filter").click()

    page.wait_for_url("**/matchmaking/whz/partners/?region=sachsen&kind=company")
    text = page.locator("main").inner_text()
    assert "Volkswagen Sachsen GmbH" in text and "Manz AG" not in text
    assert axe_violations(page) == []
    shot(page, "partners-en-filtered")
