from django.urls import reverse

from members.models import Organization
from members.tests.factories import OrganizationFactory, region

URL = reverse("members:value_chain")


def stage_of(response, code):
    return next(s for s in response.context["chain"] + response.context["cross_cutting"]
                if s.code == code)


def test_it_counts_published_organisations_per_stage_by_kind_and_region(client, db):
    OrganizationFactory(stages=["recycling"], region=region("sachsen"))
    OrganizationFactory(stages=["recycling", "research"], region=region("wallonie"),
                        kind=Organization.Kind.RESEARCH)
    OrganizationFactory(stages=["recycling"], status=Organization.Status.DRAFT)

    response = client.get(URL)

    recycling = stage_of(response, "recycling")
    assert recycling.total == 2
    assert {k["code"]: k["count"] for k in recycling.kinds} == {"company": 1, "research": 1}
    assert {r["region"].slug: r["count"] for r in recycling.regions} == {"sachsen": 1, "wallonie": 1}
    assert stage_of(response, "research").total == 1


def test_each_number_links_to_the_filtered_directory(client, db):
    OrganizationFactory(stages=["recycling"], region=region("sachsen"))

    content = client.get(URL).content.decode()

    assert 'href="/members/?stage=recycling"' in content
    assert 'href="/members/?stage=recycling&amp;kind=company"' in content
    assert 'href="/members/?stage=recycling&amp;region=sachsen"' in content


def test_stages_without_members_are_shown_as_gaps(client, db):
    OrganizationFactory(stages=["recycling"])

    response = client.get(URL)

    assert "raw-materials" in {s.code for s in response.context["gaps"]}
    assert "noch keine Mitglieder – eine Lücke" in response.content.decode()
    assert [s.code for s in response.context["cross_cutting"]] == ["research", "training", "services"]


def test_it_can_show_one_region(client, db):
    OrganizationFactory(stages=["recycling"], region=region("sachsen"))
    OrganizationFactory(stages=["recycling"], region=region("wallonie"))

    response = client.get(f"{URL}?region=wallonie")

    assert stage_of(response, "recycling").total == 1


def test_an_unknown_region_is_ignored_with_a_message(client, db):
    response = client.get(f"{URL}?region=atlantis")

    assert response.status_code == 200
    assert "ignoriert" in response.content.decode()


def test_the_query_count_is_fixed(client, db, django_assert_num_queries):
    from django.core.cache import cache

    # 1 stages, 2 regions, 3 the aggregate over stage–organisation pairs (a cache miss).
    for _ in range(5):
        OrganizationFactory(stages=["recycling", "testing"], region=region("sachsen"))
    with django_assert_num_queries(3):
        client.get(URL)
    for _ in range(100):
        OrganizationFactory(stages=["recycling", "cell-manufacturing"], region=region("bayern"))
    cache.clear()  # the factories bypass the services that renew the cached map
    with django_assert_num_queries(3):
        client.get(URL)
    # From the cache: no query at all.
    with django_assert_num_queries(0):
        client.get(URL)


def test_long_german_compounds_get_soft_hyphens():
    from members.templatetags.members_tags import SOFT_HYPHEN, soft_hyphens

    assert soft_hyphens("Batteriemanagement & Leistungselektronik").replace(SOFT_HYPHEN, "-") == \
        "Batterie-management & Leistungs-elektronik"
    assert soft_hyphens("Rohstoffe & Raffination") == "Rohstoffe & Raffination"  # short words
    assert soft_hyphens("Battery management") == "Battery management"


# The cached figures (members.aggregates) are renewed by the services ------------------------

def test_publishing_renews_the_cached_map_and_home_numbers(client, db, cluster_manager, cluster,
                                                          django_capture_on_commit_callbacks):
    from members import services
    from members.models import Organization
    from members.tests.factories import MembershipFactory

    organisation = OrganizationFactory(status=Organization.Status.PENDING, stages=["recycling"],
                                       region=region("sachsen"))
    MembershipFactory(organization=organisation, cluster=cluster)
    before = client.get(URL).context["chain"]
    published_before = client.get("/").context["stats"]["organisations"]
    recycling = next(stage for stage in before if stage.code == "recycling")
    assert recycling.total == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.curate(organisation, by=cluster_manager, status=Organization.Status.PUBLISHED,
                        stages=organisation.stages.all(), topics=[])

    after = client.get(URL).context["chain"]
    assert next(stage for stage in after if stage.code == "recycling").total == 1
    assert client.get("/").context["stats"]["organisations"] == published_before + 1


def test_a_rolled_back_change_keeps_the_cached_figures(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    from members import aggregates

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            aggregates.changed()
            transaction.set_rollback(True)
    assert callbacks == []


def test_without_a_cache_the_figures_are_computed(client, db, monkeypatch):
    from django.core.cache import cache

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    OrganizationFactory(stages=["recycling"])
    monkeypatch.setattr(cache, "get", unreachable)
    response = client.get(URL)
    assert response.status_code == 200
    assert next(s for s in response.context["chain"] if s.code == "recycling").total == 1
