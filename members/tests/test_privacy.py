"""A person's data in the members app: the download and the erasure (portal.privacy)."""

import io
import json
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members import privacy, services
from members.models import ContactPerson, ProfileChange, ProfileChangeRequest, Representative
from network_portal.testing import PASSWORD


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def logo():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


@pytest.fixture
def traces(org_a, representative, cluster_manager):
    """What the representative left in the members app, and what belongs to someone else."""
    decided = services.edit_profile(org_a, by=representative, values={"city": "Aue"})
    services.review_change_request(decided, by=cluster_manager, approve=False, comment="Nein")
    pending = services.set_logo(org_a, logo(), by=representative)
    services.save_contacts(org_a, by=cluster_manager, rows=[
        {"id": None, "name": "Rita Rep", "function": "Vertrieb", "email": "REP@example.com",
         "phone": "", "public_consent": True},
        {"id": None, "name": "Otto Other", "function": "", "email": "otto@example.com",
         "phone": "", "public_consent": True},
    ])
    ProfileChange.objects.create(organization=org_a, field="representatives", old_value="",
                                 new_value="Rita Rep: Bestätigt")
    return {"decided": decided, "pending": pending}


def test_the_export_holds_requests_changes_and_contact_entries(client, traces, representative):
    client.force_login(representative)

    data = json.loads(client.get("/my/data.json").content)["members"]

    assert [r["organisation"] for r in data["representations"]] == ["Anoden AG"]
    assert [(c["proposed"], c["proposed_logo"], c["status"], c["reviewer_comment"])
            for c in data["proposed_profile_changes"]] == [
        ({"city": "Aue"}, False, "rejected", "Nein"), ({}, True, "pending", "")]
    assert [c["email"] for c in data["contact_person_entries"]] == ["REP@example.com"]
    assert data["clusters_managed"] == []


def test_the_export_names_a_managers_clusters(cluster_manager):
    assert privacy.export(cluster_manager)["clusters_managed"] == ["Batterie-Cluster Test"]


def test_erasure_removes_the_persons_traces_and_keeps_the_organisations_record(
        client, traces, representative, django_capture_on_commit_callbacks):
    pending_logo = traces["pending"].proposed_logo.path
    client.force_login(representative)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/my/delete/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not ProfileChangeRequest.objects.filter(pk=traces["pending"].pk).exists()
    assert not os.path.exists(pending_logo)
    decided = ProfileChangeRequest.objects.get(pk=traces["decided"].pk)
    assert decided.requested_by is None and decided.proposed == {"city": "Aue"}
    assert not Representative.objects.exists()
    assert list(ContactPerson.objects.values_list("name", flat=True)) == ["Otto Other"]
    history = " ".join(ProfileChange.objects.values_list("old_value", flat=True)) + " ".join(
        ProfileChange.objects.values_list("new_value", flat=True))
    assert "Rita" not in history and "rep@example.com" not in history.lower()
    assert "Otto Other" in history


def test_erasing_someone_without_traces_changes_nothing(traces, member):
    before = ProfileChange.objects.count(), ContactPerson.objects.count()

    privacy.erase(member)

    assert (ProfileChange.objects.count(), ContactPerson.objects.count()) == before
