"""Journeys through the foundation in a real browser: home, language, sign-up and verification."""

import re

import pytest
from django.core.management import call_command

from network_portal.models import OutgoingEmail
from network_portal.testing import PASSWORD, axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))
    settings.DEBUG = False


def test_visitor_sees_the_home_page_in_german_and_switches_to_english(page, demo):
    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() == "Das Batterienetzwerk an einem Ort"
    assert page.get_by_role("link", name="Mitglieder", exact=True).first.is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="EN", exact=True).click()

    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("heading", level=1).inner_text() == "The battery network, in one place"
    page.get_by_role("link", name="Imprint").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Imprint"
    assert axe_violations(page) == []


def test_skip_link_leads_to_the_content(page, demo):
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("element => element === document.activeElement")
    skip.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_newcomer_signs_up_verifies_by_mail_and_lands_logged_in(page, live_server, settings):
    page.goto("/")
    page.get_by_role("link", name="Konto erstellen").click()
    page.get_by_label("Vorname").fill("Nele")
    page.get_by_label("Nachname").fill("Neumann")
    page.get_by_label("E-Mail-Adresse").fill("neu@batterie.example")
    page.locator("#id_password1").fill("Zellchemie-2027!")
    page.locator("#id_password2").fill("Zellchemie-2027!")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Konto erstellen").click()

    page.wait_for_url("**/accounts/confirm-email/")
    assert axe_violations(page) == []
    email = OutgoingEmail.objects.get(to="neu@batterie.example")
    assert email.status == OutgoingEmail.Status.SENT
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", email.body_text).group(0)

    page.goto(link)
    page.get_by_role("button", name="Bestätigen").click()

    page.wait_for_url("**/my/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mein Portal"
    assert "neu@batterie.example" in page.content()
    assert axe_violations(page) == []


def test_member_logs_in_and_out(page, db):
    make_user("anna@zellwerk.example")

    page.goto("/accounts/login/")
    page.get_by_label("E-Mail").fill("anna@zellwerk.example")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Einloggen").click()

    page.wait_for_url("**/my/")
    page.get_by_role("button", name="Ausloggen").click()
    page.wait_for_url("**/")
    assert page.get_by_role("link", name="Einloggen").is_visible()


def test_unknown_page_is_friendly_and_accessible(page, db):
    response = page.goto("/events/gibt-es-nicht/")

    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Seite nicht gefunden"
    assert axe_violations(page) == []
