"""In a real browser, in German: an organiser writes to a trip's accepted applicants, checks
the preview in both languages and the count, sends, and finds the copies in the trip's outbox."""

import pytest

from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, TripFactory, UserFactory
from delegations.tests.test_journeys import log_in
from network_portal.models import OutgoingEmail
from network_portal.testing import axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organiser_writes_to_the_accepted_applicants(page, cluster):
    make_user("manager@example.com", role="cluster-manager", cluster=cluster)
    trip = TripFactory(organisers=[cluster], seats=5, title_de="Geschäftsreise Wallonien")
    for first_name, language in (("Anke", "de"), ("Emma", "en")):
        ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED, language=language,
                           user=UserFactory(first_name=first_name, last_name="Reise"))
    ApplicationFactory(trip=trip, status=Application.Status.WAITLISTED)
    log_in(page, "manager@example.com")

    page.goto(trip.get_absolute_url())
    page.get_by_role("link", name="An Bewerberinnen und Bewerber schreiben").click()
    assert axe_violations(page) == []
    page.get_by_label("Zugesagt", exact=True).check()
    page.get_by_label("Betreff (Deutsch)").fill("Treffpunkt am Montag")
    page.get_by_label("Text (Deutsch)").fill("Wir treffen uns um 7 Uhr am Bus.")
    page.get_by_label("Betreff (Englisch)").fill("Meeting point on Monday")
    page.get_by_label("Text (Englisch)").fill("We meet at the coach at 7.")
    page.get_by_role("button", name="Vorschau und Zahl der Empfänger anzeigen").click()

    preview = page.locator("section", has=page.get_by_role("heading", name="Vorschau"))
    assert "2 Personen bekommen diese Nachricht." in preview.inner_text()
    assert "Hallo Erika Beispiel" in preview.inner_text()
    assert "Hello Erika Example" in preview.inner_text()
    assert not OutgoingEmail.objects.filter(reference=trip.reference).exists()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/delegations-message-preview.png", full_page=True)

    page.get_by_role("button", name="An 2 Personen senden").click()
    page.wait_for_url(f"**/delegations/{trip.slug}/outbox/")
    assert "Die Nachricht ist unterwegs an 2 Personen." in page.locator("main").inner_text()
    assert "Treffpunkt am Montag" in page.locator("main table").inner_text()  # German copy
    assert "Meeting point on Monday" in page.locator("main table").inner_text()
    assert OutgoingEmail.objects.filter(reference=trip.reference).count() == 2
    assert axe_violations(page) == []
