"""Withdrawing the consent to the participant overview, in a real browser (axe on each page):
from the secret-link page and from My portal, the organisation leaves the public list at once."""

import re

import pytest

from events import services
from events.tests.factories import EventFactory, attendee
from events.tests.test_journeys import log_in
from network_portal.testing import axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def public_list(page, event) -> str:
    page.goto(event.get_absolute_url())
    return page.locator("main").inner_text()


def test_withdrawing_on_the_secret_link_page_hides_the_organisation(page):
    event = EventFactory(title_de="Netzwerktreffen Chemnitz", public_participants=True)
    registration = services.register(
        event, attendee(1, organisation_name="Kathodenwerk Sichtbar GmbH"), public_consent=True)
    assert "Kathodenwerk Sichtbar GmbH" in public_list(page, event)

    page.goto(registration.get_absolute_url())
    assert "in der öffentlichen Teilnehmerübersicht gezeigt" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Meine Einwilligung zur Teilnehmerübersicht widerrufen").click()

    page.wait_for_url(f"**{registration.get_absolute_url()}")
    assert "nicht mehr gezeigt" in page.locator("main").inner_text()
    assert "Nicht in der öffentlichen Teilnehmerübersicht gezeigt" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert "Kathodenwerk Sichtbar GmbH" not in public_list(page, event)
    assert axe_violations(page) == []


def test_withdrawing_in_my_portal_hides_the_organisation(page):
    make_user("mara@zellwerk.example", first_name="Mara", last_name="Muster")
    event = EventFactory(title_de="Branchendialog Leipzig", public_participants=True)
    services.register(event, attendee("m", email="mara@zellwerk.example",
                                      organisation_name="Zellwerk Sichtbar AG"),
                      public_consent=True)
    assert "Zellwerk Sichtbar AG" in public_list(page, event)
    log_in(page, "mara@zellwerk.example")

    section = page.locator("#my-registrations").locator("..")
    assert "in der öffentlichen Teilnehmerübersicht gezeigt" in section.inner_text()
    assert axe_violations(page) == []
    section.get_by_role("button", name=re.compile("Einwilligung widerrufen.*Branchendialog")).click()

    page.wait_for_url("**/my/")
    assert "nicht mehr gezeigt" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert "Zellwerk Sichtbar AG" not in public_list(page, event)
