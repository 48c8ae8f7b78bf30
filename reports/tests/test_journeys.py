"""The statistics in a real browser: pick a year, read the table, look at the chart, download."""

import csv
import io
from datetime import date

import pytest

from network_portal.models import AuditEntry
from network_portal.testing import axe_violations, log_in
from reports.tests.factories import A, R, apply, at, event, organisation, register, trip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network_year(cluster):
    from members.models import Organization

    zellwerk = organisation(name="Zellwerk Zwickau GmbH", member_of=cluster)
    whz = organisation(name="Westsächsische Hochschule Zwickau", member_of=cluster,
                       kind=Organization.Kind.UNIVERSITY, size=Organization.Size.LARGE)
    liege = organisation(name="Batteries Liège SA", region="wallonie",
                         size=Organization.Size.MEDIUM)
    lyon = organisation(name="Cellules Lyon", region="auvergne-rhone-alpes", size="")
    kickoff = event(at(2025, 2, 6, 10), [cluster], title_de="Kick-off Batterie-Campus")
    register(kickoff, R.ATTENDED, R.ATTENDED, R.ATTENDED, R.CONFIRMED, organisation=zellwerk)
    register(kickoff, R.ATTENDED, R.ATTENDED, organisation=whz)
    register(kickoff, R.ATTENDED, R.CANCELLED)
    meeting = event(at(2025, 9, 29, 14), [cluster], title_de="Netzwerktreffen „Neue Welt“",
                    title_en="Network meeting “Neue Welt”")
    register(meeting, R.ATTENDED, organisation=liege)
    register(meeting, R.ATTENDED, R.CONFIRMED, organisation=lyon)
    register(meeting, R.ATTENDED, organisation=zellwerk)
    wallonia = trip(date(2025, 5, 12), [cluster], title_de="Unternehmensreise Wallonien")
    apply(wallonia, A.ACCEPTED, A.ACCEPTED, organisation=zellwerk)
    apply(wallonia, A.ACCEPTED, A.DECLINED, organisation=whz)


def test_staff_pick_a_year_see_table_and_chart_and_download_csv(page, network_year,
                                                               economic_development):
    log_in(page, economic_development.email)
    page.get_by_role("link", name="Statistik öffnen").click()
    page.wait_for_url("**/statistics/")
    assert page.get_by_role("heading", level=1).inner_text() == "Statistik für Förderberichte"

    page.get_by_label("Zeitraum", exact=True).select_option("year")
    page.get_by_label("Jahr", exact=True).fill("2025")
    page.get_by_role("button", name="Zahlen anzeigen").click()
    page.wait_for_url("**/statistics/?period=year&year=2025**")

    assert page.get_by_role("heading", name="Zahlen für 2025").is_visible()
    events = page.locator("#table-events")
    assert "Kick-off Batterie-Campus" in events.inner_text()
    assert events.locator("tfoot td").all_inner_texts()[-4:] == ["11", "9", "18,2", "4"]
    regions = page.get_by_role("img", name="Organisationen nach Region: Organisationen, 2025")
    assert regions.is_visible()
    assert regions.locator("rect").count() == 3
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/stats-de.png", full_page=True)
    page.locator("section", has=page.locator("#table-regions")).screenshot(
        path="/tmp/stats-de-regions.png")

    page.get_by_role("link", name="Die Zahlen als Tabelle").nth(2).click()
    assert page.url.endswith("#table-regions")

    with page.expect_download() as download:
        page.locator("section", has=page.locator("#table-regions")).get_by_role(
            "link", name="CSV (Excel, Semikolon)").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == ["Region", "Organisationen", "Eingecheckte Personen"]
    assert ["Sachsen (DE)", "2", "6"] in rows
    assert rows[-1] == ["Summe", "4", "9"]
    assert download.value.suggested_filename.startswith("regions-2025")
    entry = AuditEntry.objects.get(action="reports.table.exported")
    assert entry.actor == economic_development
    assert entry.data["table"] == "regions"


def test_an_english_reader_gets_the_figures_and_the_messages_in_english(page, network_year,
                                                                       cluster_manager):
    log_in(page, cluster_manager.email)
    page.get_by_role("link", name="EN", exact=True).click()
    page.goto("/statistics/?period=quarter&year=2025&quarter=7")
    assert "Choose a quarter from 1 to 4." in page.locator("main").inner_text()
    assert axe_violations(page) == []

    page.get_by_label("Quarter").select_option("3")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url("**quarter=3**")

    assert page.get_by_role("heading", name="Figures for Q3 2025").is_visible()
    assert "Network meeting “Neue Welt”" in page.locator("#table-events").inner_text()
    assert "Kick-off" not in page.locator("#table-events").inner_text()
    chart = page.get_by_role("img", name="Organisations by country: Organisations, Q3 2025")
    assert chart.is_visible()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/stats-en.png", full_page=True)


def test_the_page_fits_a_phone(page, network_year, economic_development):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, economic_development.email)
    page.goto("/statistics/?period=year&year=2025")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/stats-phone.png", full_page=True)
