import pytest
from django.urls import reverse

from members.models import Organization
from members.tests.factories import ClusterFactory, MembershipFactory, OrganizationFactory, region

URL = reverse("members:list")


def names(response):
    return [o.name for o in response.context["page"].object_list]


@pytest.fixture
def orgs(db):
    """Three published organisations that differ in every filtered field, and a draft."""
    campus = ClusterFactory(name="Campus Zwickau", slug="campus", region=region("sachsen"))
    zell = OrganizationFactory(name="Zellfabrik Sachsen", kind=Organization.Kind.COMPANY,
                               region=region("sachsen"), stages=["cell-manufacturing"],
                               topics=["e-mobility"], keywords="Pouchzellen, Trockenbeschichtung")
    lab = OrganizationFactory(name="Recyclinglabor Liège", kind=Organization.Kind.RESEARCH,
                              region=region("wallonie"), stages=["recycling"],
                              topics=["circular-economy"], description_de="Hydrometallurgie",
                              description_en="Hydrometallurgy")
    anlagen = OrganizationFactory(name="Anlagenbau Süd", kind=Organization.Kind.COMPANY,
                                  region=region("baden-wuerttemberg"),
                                  stages=["production-equipment", "cell-manufacturing"],
                                  topics=["digitalisation"])
    OrganizationFactory(name="Entwurf GmbH", status=Organization.Status.DRAFT,
                        stages=["cell-manufacturing"])
    MembershipFactory(organization=zell, cluster=campus)
    MembershipFactory(organization=lab, cluster=campus)
    return {"campus": campus, "zell": zell, "lab": lab, "anlagen": anlagen}


def test_it_lists_published_organisations_only(client, orgs):
    response = client.get(URL)

    assert names(response) == ["Anlagenbau Süd", "Campus Zwickau", "Recyclinglabor Liège",
                               "Zellfabrik Sachsen"]
    assert "4 Organisationen" in response.content.decode()


@pytest.mark.parametrize("query, expected", [
    ("kind=research", ["Recyclinglabor Liège"]),
    ("stage=cell-manufacturing", ["Anlagenbau Süd", "Zellfabrik Sachsen"]),
    ("region=wallonie", ["Recyclinglabor Liège"]),
    ("cluster=campus", ["Recyclinglabor Liège", "Zellfabrik Sachsen"]),
    ("topic=digitalisation", ["Anlagenbau Süd"]),
    ("q=zellfabrik", ["Zellfabrik Sachsen"]),
    ("q=trockenbeschichtung", ["Zellfabrik Sachsen"]),
    ("q=hydrometallurgy", ["Recyclinglabor Liège"]),
])
def test_each_filter_alone(client, orgs, query, expected):
    assert names(client.get(f"{URL}?{query}")) == expected


def test_filters_combine(client, orgs):
    response = client.get(f"{URL}?stage=cell-manufacturing&region=sachsen&kind=company&cluster=campus")

    assert names(response) == ["Zellfabrik Sachsen"]


def test_an_empty_result_says_so_and_offers_to_clear_filters(client, orgs):
    response = client.get(f"{URL}?stage=recycling&region=sachsen")

    content = response.content.decode()
    assert names(response) == []
    assert "Keine Organisation passt zu diesen Filtern." in content
    assert f'href="{URL}">Filter zurücksetzen und alle Mitglieder zeigen' in content


@pytest.mark.parametrize("query", ["stage=no-such-stage", "kind=spaceship", "region=atlantis",
                                   "cluster=zellfabrik-sachsen", "topic=%00", "page=abc"])
def test_an_invalid_value_is_ignored_with_a_message(client, orgs, query):
    response = client.get(f"{URL}?{query}&topic=e-mobility")

    assert response.status_code == 200
    assert names(response) == ["Zellfabrik Sachsen"]
    if not query.startswith(("page", "topic")):
        assert "hatte einen unbekannten Wert und wurde ignoriert" in response.content.decode()


def test_an_invalid_topic_alone_lists_everything(client, orgs):
    response = client.get(f"{URL}?topic=nonsense")

    assert len(names(response)) == 4
    assert "ignoriert" in response.content.decode()


def test_filters_survive_pagination(client, db):
    for n in range(30):
        OrganizationFactory(name=f"Recycler {n:02}", stages=["recycling"])
    OrganizationFactory(name="Zellbauer", stages=["cell-manufacturing"])

    first = client.get(f"{URL}?stage=recycling")
    second = client.get(f"{URL}?stage=recycling&page=2")

    assert len(names(first)) == 25
    assert 'href="?stage=recycling&amp;page=2"' in first.content.decode()
    assert names(second) == [f"Recycler {n:02}" for n in range(25, 30)]
    assert "30 Organisationen" in second.content.decode()


def test_the_filter_form_shows_the_active_values(client, orgs):
    response = client.get(f"{URL}?stage=recycling")

    assert '<option value="recycling" selected>' in response.content.decode()


@pytest.mark.parametrize("query, expected", [
    # 1 count, 2 page of organisations with region, 3 their stages,
    # 4-7 filter choices: stages, regions, clusters, topics.
    ("", 7),
    # 1 validate the stage code, then as above.
    ("?stage=recycling", 8),
    # The full-text search adds no query (one WHERE), as above.
    ("?q=Zellwerk", 7),
])
def test_the_query_count_is_the_same_for_10_and_200_organisations(
        client, db, django_assert_num_queries, query, expected):
    campus = ClusterFactory(slug="campus")

    def make(count):
        for _ in range(count):
            organisation = OrganizationFactory(region=region("sachsen"),
                                               stages=["recycling", "testing"])
            MembershipFactory(organization=organisation, cluster=campus)

    make(10)
    with django_assert_num_queries(expected):
        response = client.get(f"{URL}{query}")
    assert response.status_code == 200
    assert len(names(response)) == (10 if query else 11)  # unfiltered: the cluster too
    make(190)
    with django_assert_num_queries(expected):
        response = client.get(f"{URL}{query}")
    assert response.status_code == 200 and len(names(response)) == 25


@pytest.mark.postgres
def test_full_text_search_ranks_by_relevance_on_postgres(client, db):
    OrganizationFactory(name="Beratung Nord", description_de="Wir beraten auch zu Recycling.")
    OrganizationFactory(name="Recycling Ost", keywords="Recycling, Schwarzmasse")

    assert names(client.get(f"{URL}?q=recycling")) == ["Recycling Ost", "Beratung Nord"]


@pytest.mark.parametrize("query", ["q=%00", "q=" + "x" * 5000, "q=a%27%20OR%201=1", "stage=a&stage=b",
                                   "q=%22unterminated", "q=-", "q=!!!&kind="])
def test_odd_search_input_never_fails(client, orgs, query):
    assert client.get(f"{URL}?{query}").status_code == 200


def test_a_partial_name_is_found(client, orgs):
    assert names(client.get(f"{URL}?q=Zellfab")) == ["Zellfabrik Sachsen"]


@pytest.mark.postgres
def test_the_search_index_exists_after_migrating(db):
    from django.db import connection

    from members.filters import SEARCH_INDEX_NAME

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [SEARCH_INDEX_NAME])
        (definition,) = cursor.fetchone()
    assert "USING gin" in definition
    assert "(search_document)" in definition


@pytest.mark.postgres
def test_the_search_uses_the_index(db):
    """The search filters on the stored document, so PostgreSQL can use its GIN index."""
    from django.db import connection

    from members.filters import SEARCH_INDEX_NAME, search

    OrganizationFactory(name="Recycling Ost")
    queryset = search(Organization.objects.published(), "Batterie Recycling")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny
        plan = queryset.explain()
    assert SEARCH_INDEX_NAME in plan
