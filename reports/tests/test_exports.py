"""Each table of the statistics as CSV or XLSX, through the one export path, recorded."""

import csv
import io

import pytest
from openpyxl import load_workbook

from network_portal.models import AuditEntry
from reports.tests.factories import R, at, event, organisation, register

pytestmark = pytest.mark.django_db
URL = "/statistics/"
YEAR = {"period": "year", "year": "2025"}


@pytest.fixture
def year(cluster, other_cluster):
    zellwerk = organisation(name="Zellwerk GmbH")
    register(event(at(2025, 3, 5), [cluster], title_de="=Netzwerktreffen"), R.ATTENDED,
             R.ATTENDED, R.CONFIRMED, organisation=zellwerk)
    register(event(at(2025, 4, 5), [other_cluster], title_de="Empfang Cluster Y"), R.ATTENDED,
             organisation=organisation(region="wallonie"))


def rows_of(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_table_exports_as_csv_with_its_total(client, economic_development, year):
    client.force_login(economic_development)

    response = client.get(URL, {**YEAR, "table": "events", "format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="events-2025-' in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == ["Datum", "Veranstaltung", "Art", "Anmeldungen",
                       "Teilgenommen (eingecheckt)", "Nichterscheinen (%)", "Organisationen"]
    assert rows[1] == ["2025-03-05", "'=Netzwerktreffen", "Netzwerktreffen", "3", "2", "33.3", "1"]
    assert rows[-1] == ["Summe", "", "", "4", "3", "25.0", "2"]


def test_a_table_exports_as_xlsx_with_typed_cells(client, economic_development, year):
    client.force_login(economic_development)

    response = client.get(URL, {**YEAR, "table": "regions", "format": "xlsx"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Region", "Organisationen", "Eingecheckte Personen"]
    assert ["Sachsen (DE)", 1, 2] in values
    assert values[-1] == ["Summe", 2, 3]


def test_an_export_is_recorded_in_the_audit_trail(client, economic_development, cluster, year):
    client.force_login(economic_development)

    client.get(URL, {**YEAR, "organiser": cluster.slug, "table": "kinds", "format": "csv-comma"})

    entry = AuditEntry.objects.get(action="reports.table.exported")
    assert entry.actor == economic_development
    assert entry.data == {"table": "kinds", "format": "csv-comma", "from": "2025-01-01",
                          "to": "2025-12-31", "organiser": cluster.slug}


def test_a_cluster_managers_export_holds_only_their_clusters_events(client, cluster_manager,
                                                                     year):
    client.force_login(cluster_manager)

    rows = rows_of(client.get(URL, {**YEAR, "table": "events", "format": "csv"}))

    assert [row[1] for row in rows[1:-1]] == ["'=Netzwerktreffen"]


def test_a_member_cannot_export(client, member, year):
    client.force_login(member)

    response = client.get(URL, {**YEAR, "table": "events", "format": "csv"})

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="reports.table.exported").exists()


@pytest.mark.parametrize(("query", "message"), [
    ({**YEAR, "table": "names", "format": "csv"}, "Unbekannte Tabelle „names“"),
    ({**YEAR, "format": "csv"}, "Unbekannte Tabelle „“"),
    ({**YEAR, "table": "events", "format": "pdf"}, "pdf"),
    ({"period": "quarter", "year": "2025", "table": "events", "format": "csv"},
     "Quartal: Wählen Sie ein Quartal von 1 bis 4."),
])
def test_an_export_that_is_not_understood_is_refused(client, economic_development, query,
                                                     message):
    client.force_login(economic_development)

    response = client.get(URL, query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEntry.objects.filter(action="reports.table.exported").exists()
