"""In a real browser: economic development reads the B2B meetings of the year in the statistics,
then chooses the columns of the year's registrations across events and downloads them."""

import csv
import io

import pytest

from events.tests.factories import RegistrationFactory
from matchmaking.models import Meeting
from network_portal.models import AuditEntry
from network_portal.testing import axe_violations
from portal.tests.test_meeting_statistics import with_meetings
from reports.tests.factories import at, event
from reports.tests.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = Meeting.Status


def column_order(page):
    return page.locator("[data-column-list] [data-column]").evaluate_all(
        "rows => rows.map(row => row.dataset.column)")


def test_meetings_in_the_statistics_and_the_period_export_chooser(page, cluster,
                                                                  economic_development):
    fair = event(at(2025, 3, 5, 10), [cluster], title_de="Batteriemesse Zwickau")
    with_meetings(event=fair, statuses=[S.ACCEPTED, S.ACCEPTED, S.DECLINED, S.REQUESTED])
    RegistrationFactory(event=fair, name="Erika Mustermann", organisation_name="=Akku AG")
    log_in(page, economic_development.email)

    page.goto("/statistics/?period=year&year=2025")
    meetings = page.locator("#table-meetings")
    assert meetings.locator("thead th").all_inner_texts()[:5] == [
        "Datum", "Veranstaltung oder Reise", "Angefragt", "Angenommen", "Stattgefunden"]
    assert "Batteriemesse Zwickau" in meetings.locator("tbody").inner_text()
    assert meetings.locator("tfoot td").all_inner_texts()[1:5] == ["4", "2", "2", "1"]
    assert page.get_by_role("img", name="B2B-Gespräche: Stattgefunden, 2025").is_visible()
    assert axe_violations(page) == []

    section = page.locator("section", has=page.get_by_role(
        "heading", name="Anmeldungen des Zeitraums, über alle Veranstaltungen"))
    section.get_by_role("link", name="Spalten wählen …").click()
    page.wait_for_url("**/events/registrations/export/columns/?from=2025-01-01&to=2025-12-31")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Anmeldungen eines Zeitraums exportieren")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Alle abwählen").click()
    for label in ("Veranstaltung", "Name", "Organisation"):
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="„Name“ nach oben").click()
    page.get_by_role("button", name="„Name“ nach oben").click()
    assert column_order(page)[:3] == ["name", "event", "event_starts"]
    with page.expect_download() as info:
        page.get_by_role("button", name="Herunterladen", exact=True).click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["Name", "Veranstaltung", "Organisation"],
        ["Erika Mustermann", "Batteriemesse Zwickau", "'=Akku AG"]]
    assert AuditEntry.objects.filter(action="events.registrations.period_exported").count() == 1

    # Back to the statistics of the same period.
    page.get_by_role("link", name="Zurück zur Liste").click()
    page.wait_for_url("**/statistics/?period=custom&from=2025-01-01&to=2025-12-31")
    assert page.locator("#table-meetings").is_visible()
