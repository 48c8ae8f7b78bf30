"""The suggestions from the shared cache (Redis): one query when nothing changed, fresh on the
next read after offers, needs, stages or the chain table change through the services."""

import pytest
from django.utils import translation

from matchmaking import selectors, services
from matchmaking.models import StageComplement
from matchmaking.tests.conftest import state
from members import services as member_services
from members.tests.factories import OrganizationFactory, stage
from network_portal import pagecache
from network_portal.testing import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture(autouse=True)
def _fresh_versions():
    # Ids repeat between test runs (a new test database): start from versions no entry has.
    pagecache._bump_now(selectors.SUGGESTION_TOPICS)


@pytest.fixture
def admin(db):
    return make_user("curator@example.com", role="admin")


@pytest.fixture
def lab(db):
    """Its own stage (services) is nothing the cell maker's chain needs: only offers match."""
    return OrganizationFactory(name="Prüfdienst GmbH", stages=["services"])


def names(found):
    return [suggestion.organisation.name for suggestion in found]


def test_unchanged_suggestions_cost_one_query_however_many_candidates(
        cell_maker, lab, admin, django_assert_num_queries,
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        state(cell_maker, seeks=["testing"], by=admin)
        state(lab, offers=["testing"], by=admin)
    first = selectors.suggestions(cell_maker, limit=5)
    assert names(first) == ["Prüfdienst GmbH"]

    # From the cache: the organisations shown, with their regions; nothing else.
    with django_assert_num_queries(1):
        assert names(selectors.suggestions(cell_maker, limit=5)) == ["Prüfdienst GmbH"]

    for n in range(30):
        OrganizationFactory(name=f"Prüflabor {n:02}", stages=["testing"])
    with django_capture_on_commit_callbacks(execute=True):
        state(lab, offers=["testing"], by=admin)  # unchanged: no entry, no bump
    with django_assert_num_queries(1):
        assert len(selectors.suggestions(cell_maker, limit=5)) == 1  # still the cached ranking


def test_new_offers_show_in_the_suggestions_at_once(cell_maker, lab, admin,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        state(cell_maker, seeks=["testing"], by=admin)
    assert selectors.suggestions(cell_maker) == []

    with django_capture_on_commit_callbacks(execute=True):
        state(lab, offers=["testing"], by=admin)

    assert names(selectors.suggestions(cell_maker)) == ["Prüfdienst GmbH"]

    with django_capture_on_commit_callbacks(execute=True):
        state(lab, offers=["recycling"], by=admin)

    assert selectors.suggestions(cell_maker) == []


def test_a_changed_need_shows_at_once(cell_maker, lab, admin,
                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        state(lab, offers=["services"], by=admin)
        state(cell_maker, seeks=["recycling"], by=admin)
    assert selectors.suggestions(cell_maker) == []

    with django_capture_on_commit_callbacks(execute=True):
        state(cell_maker, seeks=["services"], by=admin)

    assert names(selectors.suggestions(cell_maker)) == ["Prüfdienst GmbH"]


def test_a_curated_stage_shows_at_once(cell_maker, admin,
                                       django_capture_on_commit_callbacks):
    # The cell maker's own stage is what the chain table serves; recycling serves no one.
    materials = OrganizationFactory(name="Anoden AG", stages=["recycling"])
    assert selectors.suggestions(cell_maker) == []

    with django_capture_on_commit_callbacks(execute=True):
        member_services.curate(materials, by=admin, status=materials.status,
                               stages=[stage("active-materials")], topics=[])

    assert names(selectors.suggestions(cell_maker)) == ["Anoden AG"]


def test_a_change_to_the_chain_table_shows_at_once(cell_maker, admin,
                                                   django_capture_on_commit_callbacks):
    OrganizationFactory(name="Anoden AG", stages=["active-materials"])
    assert names(selectors.suggestions(cell_maker)) == ["Anoden AG"]

    with django_capture_on_commit_callbacks(execute=True):
        for row in StageComplement.objects.filter(offered__code="active-materials",
                                                  meets__code="cell-manufacturing"):
            services.log_complement_change(row, by=admin, deleted=True)
            row.delete()

    assert selectors.suggestions(cell_maker) == []


def test_each_language_has_its_own_reasons(cell_maker, lab, admin,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        state(cell_maker, seeks=["testing"], by=admin)
        state(lab, offers=["testing"], by=admin)

    with translation.override("de"):
        [german] = selectors.suggestions(cell_maker)
    with translation.override("en"):
        [english] = selectors.suggestions(cell_maker)

    assert german.reason.startswith("bietet Prüfung")
    assert english.reason.startswith("offers Testing")
