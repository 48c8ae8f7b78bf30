"""The audit trail: every members operation writes one entry on the organisation (who, what,
which fields), its curators read them on the profile, and no entry holds a person's data."""

import io
import json
import re
from html import unescape

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members import privacy, services
from members.models import ContactPerson, Organization
from members.tests.factories import stage
from network_portal import audit
from network_portal.models import AuditEntry
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db


def fresh(user):
    """The same account without the rights cached on the object (as the next request sees it)."""
    return type(user).objects.get(pk=user.pk)


def actions(organisation) -> list[str]:
    return [entry.action for entry in reversed(audit.entries_for(organisation))]


def logo():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (11, 110, 79)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_each_operation_on_a_profile_writes_one_entry(org_a, member, cluster_manager,
                                                      other_manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = services.request_representation(org_a, by=member)
    services.decide_representation(request, by=cluster_manager, confirm=True)
    rep = fresh(member)
    first = services.edit_profile(org_a, by=rep, values={"city": "Plauen"})
    services.edit_profile(org_a, by=rep, values={"city": "Aue", "phone": "0375 1"})
    services.review_change_request(first, by=cluster_manager, approve=False, comment="Nein")
    second = services.edit_profile(org_a, by=rep, values={"city": "Plauen"})
    services.review_change_request(second, by=cluster_manager, approve=True)
    services.edit_profile(org_a, by=rep, values={"city": "Werdau"})
    services.edit_profile(org_a, by=rep, values={"city": "Plauen"})  # back: withdrawn
    services.edit_profile(org_a, by=cluster_manager, values={"street": "Weg 1"})
    services.save_contacts(org_a, by=rep, rows=[{
        "id": None, "delete": False, "name": "Clara Kontakt", "function": "CTO",
        "email": "clara@example.com", "phone": "", "public_consent": True}])
    services.set_logo(org_a, logo(), by=cluster_manager)
    services.curate(org_a, by=cluster_manager, status=org_a.status,
                    stages=[stage("recycling")], topics=[])
    services.curate(org_a, by=cluster_manager, status=Organization.Status.ARCHIVED,
                    stages=[stage("recycling")], topics=[])
    services.curate(org_a, by=cluster_manager, status=Organization.Status.PUBLISHED,
                    stages=[], topics=[])
    membership = services.add_membership(other_manager.managed_clusters.get(), org_a,
                                         by=other_manager, role="partner")
    services.decide_membership(membership, by=cluster_manager, accept=False)
    services.remove_membership(membership, by=other_manager)
    services.revoke_representation(rep.representations.get(), by=cluster_manager)

    assert actions(org_a) == [
        "members.representation.requested", "members.representation.confirmed",
        "members.change_request.submitted", "members.change_request.updated",
        "members.change_request.rejected", "members.change_request.submitted",
        "members.change_request.approved", "members.change_request.submitted",
        "members.change_request.withdrawn", "members.profile.edited", "members.contacts.saved",
        "members.profile.logo_set", "members.profile.classified", "members.profile.archived",
        "members.profile.published", "members.membership.requested",
        "members.membership.declined", "members.membership.cleared",
        "members.representation.revoked",
    ]
    entries = list(reversed(audit.entries_for(org_a)))
    assert [e.actor for e in entries[:3]] == [member, cluster_manager, member]
    assert entries[3].data == {"change_request": first.pk, "fields": ["phone", "city"]}
    assert entries[6].data == {"change_request": second.pk, "fields": ["city"]}
    assert entries[10].data == {"added": 1, "changed": 0, "removed": 0}
    assert entries[13].data == {"fields": ["status"], "status": "archived"}
    assert entries[15].data == {"cluster": "cluster-y", "role": "partner"}


def test_new_organisations_and_submissions_are_recorded(cluster, cluster_manager, member):
    draft = services.create_member(cluster, by=cluster_manager, name="Entwurf AG", kind="company")
    services.submit_for_review(draft, by=cluster_manager)
    proposed = services.propose_organisation(by=member, name="Neu GmbH", kind="company",
                                             cluster=cluster)

    assert actions(draft) == ["members.organisation.created", "members.profile.submitted"]
    assert actions(proposed) == ["members.organisation.proposed"]
    assert audit.entries_for(proposed).get().data == {"cluster": cluster.slug}


def test_no_entry_holds_a_persons_name_or_address(org_a, representative, cluster_manager):
    services.save_contacts(org_a, by=representative, rows=[{
        "id": None, "delete": False, "name": "Clara Kontakt", "function": "CTO",
        "email": "clara@example.com", "phone": "+49 375 1", "public_consent": True}])
    contact = ContactPerson.objects.get()
    services.save_contacts(org_a, by=representative, rows=[{
        "id": contact.pk, "delete": True, "name": "Clara Kontakt", "function": "CTO",
        "email": "clara@example.com", "phone": "+49 375 1", "public_consent": True}])
    services.edit_profile(org_a, by=representative, values={"email": "rita@example.com"})
    asking = make_user("paula@example.com", first_name="Paula", last_name="Probe")
    request = services.request_representation(org_a, by=asking)
    services.decide_representation(request, by=cluster_manager, confirm=False)

    stored = json.dumps([entry.data for entry in AuditEntry.objects.all()])
    assert AuditEntry.objects.count() == 5
    for personal in ("Clara", "clara@", "+49", "rita@", "Rita", "Paula", "paula@"):
        assert personal not in stored, personal


def test_an_erased_contact_is_recorded_as_done_by_the_portal(org_a):
    person = make_user("clara@example.com", first_name="Clara")
    ContactPerson.objects.create(organization=org_a, name="Clara K.", email="clara@example.com")

    privacy.erase(person)

    entry = audit.entries_for(org_a).get()
    assert (entry.action, entry.actor, entry.data) == ("members.contacts.erased", None, {})


def test_an_edit_in_the_django_admin_is_recorded(client, admin_user, org_a):
    client.force_login(admin_user)
    url = reverse("admin:members_organization_change", args=[org_a.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items()
            if value and not isinstance(value, list) and name != "logo"}
    data.update({"name": org_a.name, "slug": org_a.slug, "kind": org_a.kind,
                 "status": org_a.status, "city": "Glauchau",
                 "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
                 "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"})

    assert client.post(url, data).status_code == 302

    entry = audit.entries_for(org_a).get()
    assert (entry.action, entry.actor) == ("members.profile.edited_in_admin", admin_user)
    assert "city" in entry.data["fields"]


def page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_curators_read_the_history_in_their_language(client, org_a, representative,
                                                     cluster_manager):
    services.edit_profile(org_a, by=representative, values={"city": "Plauen"})
    services.curate(org_a, by=cluster_manager, status=Organization.Status.ARCHIVED, stages=[],
                    topics=[])
    client.force_login(cluster_manager)

    german = page(client, org_a.get_absolute_url(), "de")
    english = page(client, org_a.get_absolute_url(), "en")

    assert "Änderungen vorgeschlagen (Ort)" in german and "Profil archiviert" in german
    assert "Changes proposed (city)" in english and "Profile archived" in english
    assert "Rita Rep" in english  # who proposed


def test_only_curators_see_the_history(client, org_a, representative, member, other_manager):
    services.edit_profile(org_a, by=representative, values={"city": "Plauen"})

    for person in (None, member, representative, other_manager):
        if person:
            client.force_login(person)
        assert "Changes proposed" not in page(client, org_a.get_absolute_url(), "en")
