"""The trip applications export's columns: chosen, ordered and saved for the trip's organisers."""

import csv
import io

import pytest

from delegations.tests.factories import ApplicationFactory, TripFactory
from network_portal.models import ExportPreset

pytestmark = pytest.mark.django_db


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_organisers_choose_save_and_reuse_the_applications_columns(
        client, cluster, cluster_manager, other_manager):
    trip = TripFactory(organisers=[cluster])
    ApplicationFactory(trip=trip, user__first_name="Erika", user__last_name="Muster", job_title="=Leitung")
    chooser = f"/delegations/{trip.slug}/participants/columns/"
    client.force_login(cluster_manager)
    assert client.get(chooser).status_code == 200
    response = client.post(chooser, {"order": ["job_title", "name", "status"],
                                     "columns": ["job_title", "name"], "name": "Reiseliste",
                                     "share": str(cluster.pk), "action": "save"})
    assert response.status_code == 303
    preset = ExportPreset.objects.get()
    assert (preset.kind, preset.organiser, preset.columns) == (
        "delegations.applications", cluster, ["job_title", "name"])

    later = TripFactory(organisers=[cluster])
    ApplicationFactory(trip=later, user__first_name="Jonas", user__last_name="Ziel", job_title="=Einkauf")
    html = client.get(f"/delegations/{later.slug}/participants/columns/").content.decode()
    link = f"/delegations/{later.slug}/participants/?format=csv&amp;columns=job_title,name"
    assert "Reiseliste" in html and link in html
    assert read_csv(client.get(link.replace("&amp;", "&"))) == [
        ["Funktion", "Name"], ["'=Einkauf", "Jonas Ziel"]]

    # Another cluster's manager may not export this trip at all, so no chooser either.
    client.force_login(other_manager)
    assert client.get(chooser).status_code == 403
    assert client.get(f"{chooser}?preset={preset.pk}").status_code == 403
