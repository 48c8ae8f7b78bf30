"""Who may edit, curate and review which profile (pages refuse with 403 or a login)."""

import pytest
from django.urls import reverse

from members import services
from members.models import (
    Organization,
)
from members.tests.factories import (
    ChangeRequestFactory,
    profile_data,
)


def test_anonymous_visitors_cannot_edit_or_curate(client, org_a, cluster):
    for name, slug in [("edit", org_a.slug), ("curate", org_a.slug), ("memberships", cluster.slug)]:
        response = client.get(reverse(f"members:{name}", args=[slug]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("members:queue")).status_code == 302


def test_a_representative_of_a_cannot_edit_b(client, representative, org_b):
    client.force_login(representative)

    get = client.get(reverse("members:edit", args=[org_b.slug]))
    post = client.post(reverse("members:edit", args=[org_b.slug]), profile_data(org_b, city="X"))

    assert get.status_code == post.status_code == 403
    with pytest.raises(services.CurationError):
        services.edit_profile(org_b, by=representative, values={"city": "X"})
    org_b.refresh_from_db()
    assert org_b.city == "Zwickau"


def test_a_manager_of_cluster_x_cannot_curate_a_member_of_cluster_y(client, cluster_manager, org_b,
                                                                    other_cluster):
    client.force_login(cluster_manager)

    assert client.get(reverse("members:curate", args=[org_b.slug])).status_code == 403
    assert client.post(reverse("members:curate", args=[org_b.slug]),
                       {"status": "archived"}).status_code == 403
    assert client.get(reverse("members:memberships", args=[other_cluster.slug])).status_code == 403
    org_b.refresh_from_db()
    assert org_b.status == Organization.Status.PUBLISHED


def test_a_manager_cannot_review_changes_of_another_clusters_member(client, cluster_manager, org_b):
    change_request = ChangeRequestFactory(organization=org_b)
    client.force_login(cluster_manager)

    response = client.post(reverse("members:review", args=[change_request.pk]),
                           {"decision": "approve"})

    assert response.status_code == 403
