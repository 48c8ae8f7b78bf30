"""A statistics table's export with chosen columns (`columns=`), the total row included."""

import csv
import io

import pytest

from network_portal.models import AuditEntry
from reports.tests.factories import R, at, event, organisation, register

pytestmark = pytest.mark.django_db
URL = "/statistics/"
YEAR = {"period": "year", "year": "2025"}


def rows_of(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_table_exports_the_chosen_columns_in_order(client, economic_development, cluster):
    register(event(at(2025, 3, 5), [cluster], title_de="=Netzwerktreffen"), R.ATTENDED,
             R.CONFIRMED, organisation=organisation(name="Zellwerk GmbH"))
    client.force_login(economic_development)

    response = client.get(URL, {**YEAR, "table": "events", "format": "csv",
                                "columns": "event,attended"})

    assert rows_of(response) == [["Veranstaltung", "Teilgenommen (eingecheckt)"],
                                 ["'=Netzwerktreffen", "1"], ["", "1"]]


def test_an_unknown_column_is_refused_and_not_recorded(client, economic_development):
    client.force_login(economic_development)

    response = client.get(URL, {**YEAR, "table": "regions", "format": "csv",
                                "columns": "label,umsatz"})

    assert response.status_code == 400
    assert "umsatz" in response.content.decode()
    assert not AuditEntry.objects.filter(action="reports.table.exported").exists()


def test_the_chooser_of_a_table_saves_for_the_cluster_and_downloads_with_the_period(
        client, cluster, cluster_manager, other_manager):
    from network_portal.models import ExportPreset

    register(event(at(2025, 3, 5), [cluster], title_de="Netzwerktreffen"), R.ATTENDED,
             organisation=organisation(name="Zellwerk GmbH"))
    client.force_login(cluster_manager)
    chooser = "/statistics/columns/?period=year&year=2025&table=regions"
    page = client.get(chooser)
    assert page.status_code == 200
    assert "Tabelle der Statistik exportieren" in page.content.decode()
    response = client.post(chooser, {"filters": "period=year&year=2025&table=regions",
                                     "order": ["people", "label", "organisations"],
                                     "columns": ["people", "label"], "format": "csv",
                                     "action": "download"})
    assert response.status_code == 303
    assert response["Location"] == (
        "/statistics/?period=year&year=2025&table=regions&format=csv&columns=people,label")
    rows = rows_of(client.get(response["Location"]))
    assert rows[0] == ["Eingecheckte Personen", "Region"] and rows[-1] == ["1", "Summe"]

    saved = client.post(chooser, {"order": ["label"], "columns": ["label"], "name": "Regionen",
                                  "share": str(cluster.pk), "action": "save"}, follow=True)
    assert saved.redirect_chain[0][1] == 303 and "Regionen" in saved.content.decode()
    assert ExportPreset.objects.get().kind == "reports.regions"
    client.force_login(other_manager)
    assert "Regionen" not in client.get(chooser).content.decode()
    assert client.get("/statistics/columns/?period=year&year=2025&table=salaries").status_code == 400
