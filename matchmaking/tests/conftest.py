"""Personas of matchmaking: a cell maker (represented) and organisations along its chain."""

import pytest

from matchmaking import services
from members.tests.factories import MembershipFactory, OrganizationFactory, RepresentativeFactory
from network_portal.testing import make_user


def state(organisation, *, offers=(), seeks=(), offer_topics=(), seek_topics=(), by=None):
    """Set offers and needs through the service, as an admin."""
    by = by or make_user(f"admin-{organisation.slug}@example.com", role="admin")
    services.save_interests(organisation, by=by,
                            offers={"stages": list(offers), "topics": list(offer_topics)},
                            needs={"stages": list(seeks), "topics": list(seek_topics)})


@pytest.fixture
def cell_maker(cluster):
    organisation = OrganizationFactory(name="Zellfabrik Zwickau GmbH", slug="zellfabrik",
                                       stages=["cell-manufacturing"])
    MembershipFactory(organization=organisation, cluster=cluster)
    return organisation


@pytest.fixture
def representative(cell_maker):
    user = make_user("rep@example.com", first_name="Rita", last_name="Rep")
    RepresentativeFactory(user=user, organization=cell_maker)
    return user


@pytest.fixture
def supplier(other_cluster):
    """Represented by `supplier_rep`; offers cell manufacturing, seeks testing."""
    organisation = OrganizationFactory(name="Partner AG", slug="partner-ag",
                                       stages=["modules-packs"])
    MembershipFactory(organization=organisation, cluster=other_cluster)
    return organisation


@pytest.fixture
def supplier_rep(supplier):
    user = make_user("supplier@example.com", first_name="Sven", last_name="Supplier",
                     language="en")
    RepresentativeFactory(user=user, organization=supplier)
    return user
