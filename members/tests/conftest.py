"""Personas of the members app: organisations in two clusters, their representatives, managers."""

import pytest

from members.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from network_portal.testing import make_user


@pytest.fixture
def org_a(cluster):
    """A published company in the conftest `cluster` (managed by `cluster_manager`)."""
    organisation = OrganizationFactory(name="Anoden AG", slug="anoden-ag")
    MembershipFactory(organization=organisation, cluster=cluster)
    return organisation


@pytest.fixture
def org_b(other_cluster):
    """A published company in another cluster."""
    organisation = OrganizationFactory(name="Bipolar GmbH", slug="bipolar-gmbh")
    MembershipFactory(organization=organisation, cluster=other_cluster)
    return organisation


@pytest.fixture
def representative(org_a):
    user = make_user("rep@example.com", first_name="Rita", last_name="Rep", language="en")
    RepresentativeFactory(user=user, organization=org_a)
    return user
