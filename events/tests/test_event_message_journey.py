"""An organiser writes to the attendees after the event, in a real browser (checked with axe)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from events.tests.test_journeys import log_in
from network_portal.models import OutgoingEmail
from network_portal.testing import axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_follow_up_to_attendees_previews_the_count_then_sends(page, cluster):
    make_user("manager@example.com", role="cluster-manager", cluster=cluster)
    event = EventFactory(title_de="Netzwerktreffen Zwickau 2026", organisers=[cluster],
                         starts_at=timezone.now() - timedelta(days=2),
                         ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=4))
    RegistrationFactory(event=event, name="Anton", status=Registration.Status.ATTENDED)
    RegistrationFactory(event=event, name="Emma", status=Registration.Status.ATTENDED,
                        language="en")
    RegistrationFactory(event=event, name="Conny")  # confirmed, did not come
    log_in(page, "manager@example.com")

    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Nachbereitung an die Teilnehmenden").click()
    assert page.get_by_label("Teilgenommen (eingecheckt)").is_checked()
    page.get_by_label("Betreff (Deutsch)").fill("Folien und Umfrage")
    page.get_by_label("Text (Deutsch)").fill("Danke fürs Kommen!\nFolien: https://example.org/f")
    page.get_by_label("Betreff (Englisch)").fill("Slides and survey")
    page.get_by_label("Text (Englisch)").fill("Thank you for coming!")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Vorschau und Zahl der Empfänger anzeigen").click()

    assert page.locator("#recipient-count").inner_text() == "2 Personen bekommen diese Nachricht."
    assert "Hallo Erika Beispiel" in page.locator("main").inner_text()
    assert "Hello Erika Example" in page.locator("main").inner_text()  # nobody's real mail
    assert not OutgoingEmail.objects.exists()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-message-preview.png", full_page=True)

    page.get_by_role("button", name="An 2 Personen senden").click()
    page.wait_for_url(f"**/events/{event.slug}/outbox/")
    assert "Die Nachricht ist unterwegs an 2 Personen." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    rows = OutgoingEmail.objects.filter(reference=event.reference)
    assert {row.subject for row in rows} == {"Folien und Umfrage", "Slides and survey"}
    assert "Folien: https://example.org/f" in rows.get(language="de").body_text
