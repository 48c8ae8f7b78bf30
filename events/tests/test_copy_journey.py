"""An organiser reading in English copies a German-only event; every page checked with axe."""

import re

import pytest

from events.models import Event
from events.tests.factories import AgendaItemFactory, EventFactory
from events.tests.test_journeys import log_in
from network_portal.testing import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_english_reading_organiser_sees_german_only_texts_and_copies_the_event(
        page, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], title_de="Netzwerktreffen Zwickau", title_en="",
                         slug="netzwerktreffen-zwickau", description_de="Zellchemie für alle.",
                         description_en="")
    AgendaItemFactory(event=event, title_de="Gesprächsinsel Recycling")
    log_in(page, cluster_manager.email)
    page.goto("/i18n/setlang/?language=en&next=/events/netzwerktreffen-zwickau/")

    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Netzwerktreffen Zwickau (only in German)"
    assert heading.locator('[lang="de"]').inner_text() == "Netzwerktreffen Zwickau"
    assert page.locator('main div[lang="de"]').inner_text() == "Zellchemie für alle."
    assert axe_violations(page) == []

    page.goto("/events/netzwerktreffen-zwickau/edit/")
    assert "no English version yet" in page.get_by_role("note").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name=re.compile(r"^Copy\b")).click()

    page.wait_for_url("**/events/netzwerktreffen-zwickau-kopie/edit/")
    assert "Copied as a draft" in page.locator("main").inner_text()
    assert page.locator("#id_title_de").input_value() == "Netzwerktreffen Zwickau (Kopie)"
    assert axe_violations(page) == []
    copy = Event.objects.get(slug="netzwerktreffen-zwickau-kopie")
    assert copy.is_draft and [i.title_de for i in copy.agenda_items.all()] == [
        "Gesprächsinsel Recycling"]
