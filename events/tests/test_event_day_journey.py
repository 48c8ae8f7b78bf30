"""At the door on a phone (390 px): staff open a person's QR link and check them in."""

import pytest
from django.utils import timezone

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
