"""Publishing: submitting a draft, curating status, stages and topics, and the e-mail."""

import pytest
from django.urls import reverse

from members import services
from members.models import (
    Organization,
    ProfileChange,
    Representative,
)
from members.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    RepresentativeFactory,
    stage,
)
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user


def test_a_manager_publishes_and_sets_stages_and_topics(client, cluster_manager, cluster):
    pending = OrganizationFactory(status=Organization.Status.PENDING)
    MembershipFactory(organization=pending, cluster=cluster)
    client.force_login(cluster_manager)

    client.post(reverse("members:curate", args=[pending.slug]), {
        "status": "published", "stages": [stage("recycling").pk], "topics": []})

    pending.refresh_from_db()
    assert pending.status == Organization.Status.PUBLISHED
    assert list(pending.stages.values_list("code", flat=True)) == ["recycling"]
    assert set(ProfileChange.objects.values_list("field", flat=True)) == {"status", "stages"}


def test_a_representative_submits_a_draft_for_review(client, org_a, representative, cluster_manager):
    Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.DRAFT)
    client.force_login(representative)

    client.post(reverse("members:submit", args=[org_a.slug]))

    org_a.refresh_from_db()
    assert org_a.status == Organization.Status.PENDING
    assert OutgoingEmail.objects.filter(to=cluster_manager.email).exists()


def test_a_representative_sees_their_unpublished_profile(client, org_a, representative):
    Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.DRAFT)
    client.force_login(representative)

    assert client.get(org_a.get_absolute_url()).status_code == 200


def test_publishing_a_pending_profile_tells_its_representatives_in_their_language(
        client, cluster_manager, cluster):
    pending = OrganizationFactory(name="Neu GmbH", status=Organization.Status.PENDING)
    MembershipFactory(organization=pending, cluster=cluster)
    german = make_user("de@example.com", language="de")
    english = make_user("en@example.com", language="en")
    rejected = make_user("no@example.com", language="de")
    RepresentativeFactory(organization=pending, user=german)
    RepresentativeFactory(organization=pending, user=english,
                          status=Representative.Status.REQUESTED)
    RepresentativeFactory(organization=pending, user=rejected,
                          status=Representative.Status.REJECTED)
    client.force_login(cluster_manager)
    url = reverse("members:curate", args=[pending.slug])

    client.post(url, {"status": "published", "stages": [], "topics": []})

    assert OutgoingEmail.objects.get(to="de@example.com").subject == \
        "Neu GmbH steht jetzt im Verzeichnis"
    to_english = OutgoingEmail.objects.get(to="en@example.com")
    assert to_english.subject == "Neu GmbH is now in the directory"
    assert pending.get_absolute_url() in to_english.body_text
    assert to_english.reference == f"members.organization:{pending.pk}"
    assert not OutgoingEmail.objects.filter(to="no@example.com").exists()
    # Saving the published profile again (stages, say) sends nothing more.
    client.post(url, {"status": "published", "stages": [stage("recycling").pk], "topics": []})
    assert OutgoingEmail.objects.filter(template="members_profile_published").count() == 2


def test_no_publication_mail_for_other_status_changes_or_refused_curation(
        client, cluster_manager, other_manager, cluster):
    pending = OrganizationFactory(status=Organization.Status.PENDING)
    MembershipFactory(organization=pending, cluster=cluster)
    RepresentativeFactory(organization=pending, user=make_user("de@example.com"))
    url = reverse("members:curate", args=[pending.slug])

    client.force_login(other_manager)
    assert client.post(url, {"status": "published", "stages": [], "topics": []}).status_code == 403
    with pytest.raises(services.CurationError):
        services.curate(pending, by=other_manager, status="published", stages=[], topics=[])
    client.force_login(cluster_manager)
    client.post(url, {"status": "archived", "stages": [], "topics": []})
    client.post(url, {"status": "published", "stages": [], "topics": []})  # archived, not pending

    assert not OutgoingEmail.objects.filter(to="de@example.com").exists()
