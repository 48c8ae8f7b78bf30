"""Journeys: an organiser sets up an event series in the portal; a group answers the event's
questions person by person. Each page checked with axe."""

import re
from urllib.parse import urlsplit

import pytest

from events.models import Answer, EventSeries, Question
from events.tests.factories import EventFactory
from network_portal.testing import PASSWORD, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Einloggen").click()
    page.wait_for_url("**/my/")


def test_an_organiser_creates_a_series_puts_an_event_into_it_and_opens_its_feed(
        page, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], title_de="Netzwerktreffen Zwickau Frühjahr")
    log_in(page, cluster_manager.email)

    page.goto("/events/manage/")
    page.get_by_role("link", name="Neue Reihe").click()
    page.wait_for_url("**/events/manage/series/new/")
    assert axe_violations(page) == []
    page.locator("#id_title_de").press_sequentially("Netzwerktreffen Zwickau")
    assert page.locator("#id_slug").input_value() == "netzwerktreffen-zwickau"  # proposed
    page.locator("#id_title_en").fill("Zwickau network meeting")
    page.locator("#id_description_de").fill("Zweimal im Jahr, im Frühjahr und im Herbst.")
    page.locator("#id_organisers").fill(cluster.name)
    page.get_by_role("button", name="Speichern").click()

    page.wait_for_url("**/events/series/netzwerktreffen-zwickau/")
    main = page.locator("main")
    assert "Die Reihe ist gespeichert" in main.inner_text()
    assert axe_violations(page) == []

    page.goto(f"/events/{event.slug}/edit/")
    page.locator("#id_series").select_option(label="Netzwerktreffen Zwickau")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(f"**/events/{event.slug}/")

    page.goto("/events/manage/")
    assert axe_violations(page) == []
    page.locator("#series-manage").get_by_role("link", name="Netzwerktreffen Zwickau",
                                                       exact=True).click()
    page.wait_for_url("**/events/series/netzwerktreffen-zwickau/")
    assert "Netzwerktreffen Zwickau Frühjahr" in main.inner_text()
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/series-page-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    feed = page.get_by_role("link", name=re.compile("iCalendar-Adresse")).get_attribute("href")
    # The link is absolute (the portal's public address): fetched here from the test server.
    assert feed.endswith("/events/series/netzwerktreffen-zwickau/feed.ics")
    response = page.request.get(urlsplit(feed).path)
    assert response.ok and "text/calendar" in response.headers["content-type"]
    assert "Netzwerktreffen Zwickau Frühjahr" in response.text().replace("\r\n ", "")

    page.get_by_role("link", name="Reihe bearbeiten").click()
    page.wait_for_url("**/events/series/netzwerktreffen-zwickau/edit/")
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/series-form-1280.png", full_page=True)
    assert EventSeries.objects.get().events.get() == event


def test_a_guest_registers_a_group_each_answering_the_dinner_question(page):
    event = EventFactory(title_de="Netzwerkabend Chemnitz", capacity=20)
    Question.objects.create(event=event, label_de="Teilnahme am Abendessen", label_en="Dinner",
                            kind=Question.Kind.YES_NO, required=True)
    page.goto(f"/events/{event.slug}/register/group/")
    page.get_by_label("Ihr Vorname").fill("Gabi")
    page.get_by_label("Ihr Nachname").fill("Gast")
    page.get_by_role("textbox", name=re.compile(r"^Ihre E-Mail")).fill("gabi@zellwerk.example")
    page.get_by_label("Organisation", exact=True).fill("Zellwerk Gruppe GmbH")
    first = page.get_by_role("group", name="Person 1")
    first.get_by_label("Vorname").fill("Anna")
    first.get_by_label("Nachname").fill("Anders")
    first.get_by_role("textbox", name=re.compile(r"^E-Mail")).fill("anna@zellwerk.example")
    first.get_by_role("group", name=re.compile("Teilnahme am Abendessen")).get_by_label(
        "Ja").check()
    second = page.get_by_role("group", name="Person 2")
    second.get_by_label("Vorname").fill("Ben")
    second.get_by_label("Nachname").fill("Berg")
    second.get_by_role("textbox", name=re.compile(r"^E-Mail")).fill("ben@zellwerk.example")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Zur Veranstaltung anmelden").click()

    # Ben has not answered: nobody is registered, his row says so.
    page.wait_for_load_state()
    assert "Dieses Feld ist zwingend erforderlich" in page.get_by_role(
        "group", name="Person 2").inner_text()
    assert not event.registrations.exists()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/group-questions-1280.png", full_page=True)
    page.get_by_role("group", name="Person 2").get_by_role(
        "group", name=re.compile("Teilnahme am Abendessen")).get_by_label("Nein").check()
    page.get_by_role("button", name="Zur Veranstaltung anmelden").click()

    page.wait_for_url("**/register/sent/")
    assert dict(Answer.objects.values_list("registration__email", "value")) == {
        "anna@zellwerk.example": "yes", "ben@zellwerk.example": "no"}
