import pytest

from events.tests.factories import EventFactory


@pytest.fixture
def event(db, cluster):
    return EventFactory(organisers=[cluster])


@pytest.fixture
def other_cluster(db):
    from members.models import Organization

    return Organization.objects.create(name="Anderer Cluster", slug="anderer-cluster",
                                       kind=Organization.Kind.CLUSTER,
                                       status=Organization.Status.PUBLISHED)


@pytest.fixture
def other_manager(db, other_cluster):
    from network_portal.testing import make_user

    return make_user("other-manager@example.com", role="cluster-manager", cluster=other_cluster)
