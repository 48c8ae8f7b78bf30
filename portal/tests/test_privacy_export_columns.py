"""Saved choices of export columns in a person's data download and on account deletion."""

import json

import pytest

from network_portal.models import ExportPreset
from portal import privacy

pytestmark = pytest.mark.django_db


def test_own_choices_are_in_the_download_and_go_with_the_account(
        client, cluster, cluster_manager, other_manager):
    ExportPreset.objects.create(kind="events.participants", name="Namensschilder",
                                owner=cluster_manager, created_by=cluster_manager,
                                columns=["name", "organisation"])
    shared = ExportPreset.objects.create(kind="events.participants", name="Catering",
                                         organiser=cluster, created_by=cluster_manager,
                                         columns=["name", "diet"])
    ExportPreset.objects.create(kind="events.participants", name="Fremd", owner=other_manager,
                                columns=["email"])
    client.force_login(cluster_manager)

    data = json.loads(client.get("/my/data.json").content)

    assert [(c["name"], c["columns"]) for c in data["export_column_choices"]] == [
        ("Namensschilder", ["name", "organisation"])]

    privacy.delete_account(cluster_manager)
    # The cluster's shared choice stays for its other managers, without who saved it.
    assert sorted(ExportPreset.objects.values_list("name", flat=True)) == ["Catering", "Fremd"]
    shared.refresh_from_db()
    assert shared.created_by is None
