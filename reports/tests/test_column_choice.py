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
