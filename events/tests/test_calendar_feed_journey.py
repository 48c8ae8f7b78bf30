"""Subscribing to calendars in a real browser: the list's link, the personal address in My portal."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from events.models import CalendarFeed
from events.tests.factories import EventFactory
from events.tests.test_journeys import log_in
from network_portal.testing import axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_subscribe_links_on_the_list_and_a_personal_address_that_can_be_renewed(page):
    EventFactory(title_de="Netzwerktreffen Zwickau 2027")
    make_user("mara@zellwerk.example", first_name="Mara", last_name="Muster")

    page.goto("/events/")
    link = page.get_by_role("link", name="Alle Veranstaltungen im Kalender abonnieren")
    expect(link).to_have_attribute("href", re.compile(r"^webcal://.+/events/feed\.ics$"))
    assert axe_violations(page) == []

    log_in(page, "mara@zellwerk.example")
    page.get_by_role("link", name="Meine Kalenderadresse").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Meine Kalenderadresse anlegen").click()
    page.wait_for_url("**/events/feed/personal/")
    address = page.get_by_label("Adresse für Web-Kalender (kopieren und einfügen)")
    first = address.input_value()
    assert first.endswith(f"/events/feed/{CalendarFeed.objects.get().token}.ics")
    expect(page.get_by_role("link", name="In meinem Kalender abonnieren")).to_have_attribute(
        "href", re.compile(r"^webcal://"))
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/feeds-my-portal.png", full_page=True)

    page.get_by_role("button", name="Neue Adresse (die alte funktioniert dann nicht mehr)").click()
    page.wait_for_url("**/events/feed/personal/")
    second = page.get_by_label("Adresse für Web-Kalender (kopieren und einfügen)").input_value()
    assert second != first
    assert axe_violations(page) == []
    assert page.request.get(urlparse(first).path).status == 404
    assert page.request.get(urlparse(second).path).status == 200

    page.get_by_role("button", name="Adresse abschalten").click()
    page.wait_for_url("**/events/feed/personal/")
    expect(page.get_by_role("button", name="Meine Kalenderadresse anlegen")).to_be_visible()
    assert page.request.get(urlparse(second).path).status == 404
