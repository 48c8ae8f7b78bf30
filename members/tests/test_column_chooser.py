"""The directory export's columns: chosen and ordered, saved for oneself or one's cluster."""

import io

import pytest
from openpyxl import load_workbook

from members.tests.factories import OrganizationFactory, region
from network_portal.models import ExportPreset

pytestmark = pytest.mark.django_db

CHOOSER = "/members/export/columns/"


@pytest.fixture
def orgs():
    OrganizationFactory(name="Zellwerk Sachsen", region=region("sachsen"), phone="+49 375 123")
    OrganizationFactory(name="Recycling Wallonie", region=region("wallonie"))


def test_the_directory_export_in_the_chosen_order(client, orgs, economic_development):
    client.force_login(economic_development)
    response = client.post(CHOOSER, {"filters": "region=sachsen", "order": ["phone", "name"],
                                     "columns": ["phone", "name"], "format": "xlsx",
                                     "action": "download"})
    assert response.status_code == 303
    assert response["Location"] == "/members/?region=sachsen&format=xlsx&columns=phone,name"
    sheet = load_workbook(io.BytesIO(b"".join(client.get(response["Location"]).streaming_content)))
    assert [list(row) for row in sheet.active.iter_rows(values_only=True)] == [
        ["Telefon", "Name"], ["+49 375 123", "Zellwerk Sachsen"]]


def test_the_public_and_members_have_no_chooser(client, member):
    assert client.get(CHOOSER).status_code == 302  # to the login
    client.force_login(member)
    assert client.get(CHOOSER).status_code == 403


def test_a_cluster_manager_shares_with_their_cluster_and_not_with_another(
        client, cluster, cluster_manager, other_cluster, other_manager, economic_development):
    client.force_login(cluster_manager)
    base = {"order": ["name", "email"], "columns": ["name", "email"], "action": "save"}
    assert client.post(CHOOSER, {**base, "name": "Rundbrief", "share": str(cluster.pk)}
                       ).status_code == 303
    assert client.post(CHOOSER, {**base, "name": "Fremd", "share": str(other_cluster.pk)}
                       ).status_code == 400
    preset = ExportPreset.objects.get()
    assert (preset.kind, preset.organiser, preset.columns) == (
        "members.directory", cluster, ["name", "email"])
    assert "Rundbrief" in client.get(CHOOSER).content.decode()
    # Another cluster's manager and economic development (who manage no cluster) see it not.
    for person in (other_manager, economic_development):
        client.force_login(person)
        assert "Rundbrief" not in client.get(CHOOSER).content.decode()
        assert client.get(f"{CHOOSER}?preset={preset.pk}").status_code == 404


def test_an_unknown_column_in_the_export_url_is_refused(client, orgs, economic_development):
    client.force_login(economic_development)
    response = client.get("/members/?format=csv&columns=name,umsatz")
    assert response.status_code == 400
    assert "Unbekannte Spalte „umsatz“" in response.content.decode()
