"""A member's shared event page in a real browser, with the page cache on as in production: the
registered share one page that names none of them, each reaches their own registration from it,
and one who is not registered gets the page with the registration button."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.services import Attendee
from events.tests.factories import EventFactory
from network_portal import pagecache
from network_portal.testing import axe_violations, log_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("page_cache")]


def test_registered_members_share_the_event_page_and_each_finds_their_own_registration(
        open_page):
    pagecache._bump_now(["directory", "events", "seats", "matchmaking", "event:fachforum"])
    event = EventFactory(title_de="Fachforum Zellfertigung", slug="fachforum", capacity=40,
                         starts_at=timezone.now() + timedelta(days=30),
                         ends_at=timezone.now() + timedelta(days=30, hours=5))
    make_user("mara@zellwerk.example", first_name="Mara", last_name="Muster")
    ben = make_user("ben@anodenbau.example", first_name="Ben", last_name="Berger")
    make_user("clara@kathoden.example", first_name="Clara", last_name="Cornelsen")
    services.register(event, Attendee(name="Ben Berger", email=ben.email,
                                      organisation_name="Anodenbau AG"), user=ben)

    # Mara registers through the page and sees the card of the registered
    mara = open_page()
    log_in(mara, "mara@zellwerk.example")
    mara.goto("/events/fachforum/")
    mara.get_by_role("link", name="Zur Veranstaltung anmelden").click()
    mara.locator("#id_organisation_name").fill("Zellwerk Zwickau GmbH")
    mara.locator("main form button[type=submit]").click()
    mara.wait_for_url("**/events/registration/**")
    mara.goto("/events/fachforum/")
    assert "Sie sind angemeldet." in mara.locator("main").inner_text()

    # Ben, registered too, gets the same page from the cache: nothing of Mara's on it
    tab = open_page()
    log_in(tab, ben.email)
    response = tab.goto("/events/fachforum/")
    assert response.headers.get("x-page-cache") == "hit"
    card = tab.get_by_role("complementary").inner_text()
    assert "Sie sind angemeldet." in card and "38 Plätze frei" in card
    assert "Mara" not in tab.content() and "Zellwerk" not in tab.content()
    assert axe_violations(tab) == []
    tab.screenshot(path="/tmp/shared-event-registered.png", full_page=True)
    tab.get_by_role("link", name="Ihre Anmeldung").click()
    tab.wait_for_url("**/events/registration/**")
    assert "Ben Berger" in tab.locator("main").inner_text()
    assert "Mara" not in tab.locator("main").inner_text()
    # and Mara's link leads to hers
    mara.get_by_role("link", name="Ihre Anmeldung").click()
    mara.wait_for_url("**/events/registration/**")
    assert "Mara Muster" in mara.locator("main").inner_text()

    # Clara, not registered, gets the page with the registration button
    clara = open_page()
    log_in(clara, "clara@kathoden.example")
    clara.goto("/events/fachforum/")
    main = clara.locator("main").inner_text()
    assert "Sie sind angemeldet." not in main and "Ihre Anmeldung" not in main
    assert clara.get_by_role("link", name="Zur Veranstaltung anmelden").is_visible()
    assert axe_violations(clara) == []

    # Ben logs out from the shared page with his own token
    tab.goto("/events/fachforum/")
    tab.get_by_role("button", name="Ausloggen").click()
    tab.wait_for_load_state()
    assert tab.get_by_role("link", name="Einloggen").first.is_visible()
